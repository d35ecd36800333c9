# Sourced by ./mvnw, ./btrfs-workbench and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Current SWT, JFace and Equinox (and Tycho 5) need Java 21+, while the default `java`
# on our machines is 17, so we pick a suitable JDK ourselves instead of trusting PATH.
# Order: JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm.

btrfs_wb_java_feature() {
  # Prints the feature release (17, 21, 25 ...) of the java binary in $1, or nothing. A JDK's
  # release file says it (JAVA_VERSION="25.0.1"; "1.8.0_402" is 8) without starting a JVM, which
  # costs a CLI command that ends in a tenth of a second some 0.3 s per JDK tried; a JDK without
  # one is asked.
  # (bash alone, no sed: every process started here delays every command)
  local release="${1%/bin/java}/release" line version=""
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=\"[0-9]*) version=${line#JAVA_VERSION=\"}; break ;;
      esac
    done < "$release"
    version=${version#1.}
    version=${version%%[!0-9]*}
    if [ -n "$version" ]; then
      echo "$version"
      return
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

btrfs_wb_find_jdk() {
  local min=21 candidate feature best="" best_feature=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    feature=$(btrfs_wb_java_feature "$JAVA_HOME/bin/java")
    if [ -n "$feature" ] && [ "$feature" -ge "$min" ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    feature=$(btrfs_wb_java_feature "$candidate/bin/java")
    [ -n "$feature" ] || continue
    if [ "$feature" -ge "$min" ] && [ "$feature" -gt "$best_feature" ]; then
      best=$candidate best_feature=$feature
    fi
  done
  if [ -z "$best" ]; then
    echo "btrfs-workbench: no JDK >= $min found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm); install one, e.g. Temurin 21 or 25, and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

btrfs_wb_find_jdk || exit 2
