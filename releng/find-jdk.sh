# Sourced by ./mvnw (sh), ./btrfs-workbench and the product's start script (bash), so POSIX sh
# plus local: makes JAVA_HOME point at a JDK >= 21.
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
  # What a Java must have: javac to build (./mvnw), java to run the product (its start script
  # sets btrfs_wb_need=java: a server needs no compiler). btrfs_wb_jvms: where Javas are installed.
  local min=21 need=${btrfs_wb_need:-javac} jvms=${btrfs_wb_jvms:-/usr/lib/jvm}
  local candidate feature best="" best_feature=0 found=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$need" ]; then
    feature=$(btrfs_wb_java_feature "$JAVA_HOME/bin/java")
    if [ -n "$feature" ] && [ "$feature" -ge "$min" ]; then
      return 0
    fi
    found="${feature:-?} at $JAVA_HOME"
  fi
  for candidate in "$jvms"/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/$need" ] || continue
    feature=$(btrfs_wb_java_feature "$candidate/bin/java")
    [ -n "$feature" ] || continue
    found="${found:+$found, }$feature at $candidate"
    if [ "$feature" -ge "$min" ] && [ "$feature" -gt "$best_feature" ]; then
      best=$candidate best_feature=$feature
    fi
  done
  if [ -z "$best" ]; then
    echo "btrfs-workbench: needs Java $min or newer, found: ${found:-none} (JAVA_HOME=${JAVA_HOME:-unset}, looked in $jvms); install one, e.g. openjdk-$min-jre-headless or Temurin $min or 25, and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

btrfs_wb_find_jdk || exit 2
