package btrfs.workbench.ui.l10n;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the string literals of a Java source that are user texts by this rule, and only those: a
 * literal that still has a letter once printf conversions ({@code %d}, {@code %.2f}) are taken out,
 * given as an argument to one of the {@link #SHOWING} calls — directly, in an expression (a
 * concatenation, a conditional, an array initializer, a lambda body), or through a call that
 * passes a text on ({@link #PASSING}: {@code String.format}, {@code NLS.bind}, {@code String.join}).
 * A literal given to any other call inside the argument list (a dialog-settings key in
 * {@code setText(stored("start", ""))}, a log message) is not one. Literals elsewhere (returned
 * by a label provider, in a field initializer, an item of {@code Combo.add}) are not looked at.
 */
final class UserTextLiterals {

    /** Calls whose arguments the user sees: widgets, dialogs, parts, progress, painting, and the UI's own helpers. */
    static final Set<String> SHOWING = Set.of(
            // widgets, actions, menus, dialogs, preference pages, parts
            "setText", "setToolTipText", "setMessage", "setTitle", "setErrorMessage", "setDescription",
            "setContentDescription", "setPartName", "setTitleToolTip", "setFilterNames", "createButton",
            "openError", "openInformation", "openWarning", "openQuestion", "openConfirm",
            // progress monitors; a Job's name goes to its super constructor
            "beginTask", "subTask", "setTaskName", "super",
            // painting on a canvas
            "drawText", "drawString",
            // constructors taking a label, a name or (shown by the Launch dialog) a message
            "Action", "MenuManager", "Job", "BooleanFieldEditor", "StringFieldEditor", "DirectoryFieldEditor",
            "FileFieldEditor", "IntegerFieldEditor", "IllegalArgumentException",
            // helpers of the UI's classes with a text parameter (LaunchReadaheadDialog, HeatmapView)
            "label", "text", "action");

    /** Calls whose result is made of their arguments: a literal in them counts for the call around. */
    static final Set<String> PASSING = Set.of("format", "bind", "join");

    /** Words before a parenthesis that is not a call. */
    private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
            "return", "try", "throw", "case", "assert", "yield", "else", "do");

    private static final Pattern PRINTF = Pattern.compile("%(\\d+\\$)?[-#+ 0,(<]*\\d*(\\.\\d+)?[a-zA-Z%]");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private UserTextLiterals() {
    }

    /** One token of the source: a word, a string literal (decoded), or a single character. */
    private record Token(String text, boolean literal, int line) {
    }

    /** An open parenthesis: the call it belongs to, or null for a grouping (or a keyword's). */
    private record Open(String call) {
    }

    /** The user texts of {@code source}, as {@code NAME:LINE call("text")}. */
    static List<String> find(String name, String source) {
        List<String> found = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        Token previous = null;
        for (Token token : tokens(source)) {
            if (token.literal()) {
                String call = showingCall(open);
                if (call != null && looksLikeText(token.text())) {
                    found.add(name + ":" + token.line() + " " + call + "(\"" + token.text() + "\")");
                }
            } else if (token.text().equals("(")) {
                open.push(new Open(calleeOf(previous)));
            } else if (token.text().equals(")") && !open.isEmpty()) {
                open.pop();
            }
            previous = token;
        }
        return found;
    }

    /** Whether a literal's value reads as words: a letter besides printf conversions. */
    static boolean looksLikeText(String value) {
        return LETTER.matcher(PRINTF.matcher(value).replaceAll("")).find();
    }

    private static String calleeOf(Token previous) {
        if (previous == null || previous.literal() || !Character.isJavaIdentifierStart(previous.text().charAt(0))
                || KEYWORDS.contains(previous.text())) {
            return null;
        }
        return previous.text();
    }

    /** The call a literal here is an argument of, looking through groupings and passing calls; null if none shows it. */
    private static String showingCall(Deque<Open> open) {
        for (Open o : open) {
            if (o.call() != null && !PASSING.contains(o.call())) {
                return SHOWING.contains(o.call()) ? o.call() : null;
            }
        }
        return null;
    }

    // ---- a tokenizer just good enough for this: comments skipped, literals decoded

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < s.length();) {
            int end = tokenEnd(s, i);
            Token token = token(s.substring(i, end), line);
            if (token != null) {
                out.add(token);
            }
            line += (int) s.substring(i, end).chars().filter(c -> c == '\n').count();
            i = end;
        }
        return out;
    }

    /** Where the word, literal, comment or other character at {@code i} ends. */
    private static int tokenEnd(String s, int i) {
        if (s.startsWith("//", i)) {
            return after(s, s.indexOf('\n', i), 0);
        }
        if (s.startsWith("/*", i)) {
            return after(s, s.indexOf("*/", i + 2), 2);
        }
        if (s.startsWith("\"\"\"", i)) {
            return after(s, s.indexOf("\"\"\"", i + 3), 3);
        }
        if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
            return closingQuote(s, i);
        }
        int end = i + 1;
        while (Character.isJavaIdentifierPart(s.charAt(i)) && end < s.length()
                && Character.isJavaIdentifierPart(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int after(String s, int found, int length) {
        return found < 0 ? s.length() : found + length;
    }

    /** The index after the quote closing the literal that opens at {@code start}. */
    private static int closingQuote(String s, int start) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote && s.charAt(i) != '\n') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(s.length(), i + 1);
    }

    /** A word, a string literal's value or another character; null for a comment, a blank or a char literal. */
    private static Token token(String text, int line) {
        if (text.startsWith("\"\"\"")) {
            return new Token(text.substring(3, Math.max(3, text.length() - 3)), true, line);
        }
        if (text.startsWith("\"")) {
            return new Token(unescape(text.substring(1, Math.max(1, text.length() - 1))), true, line);
        }
        if (text.startsWith("//") || text.startsWith("/*") || text.startsWith("'") || text.isBlank()) {
            return null;
        }
        return new Token(text, false, line);
    }

    /** A literal's value: its escapes (a newline, a unicode escape ...) as the characters they stand for. */
    static String unescape(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\\' && i + 1 < body.length()) {
                i = escape(body, i + 1, out);
            } else {
                out.append(body.charAt(i));
            }
        }
        return out.toString();
    }

    /** Appends the character of the escape whose letter is at {@code at}; returns the escape's last index. */
    private static int escape(String body, int at, StringBuilder out) {
        char e = body.charAt(at);
        if (e == 'u') {
            int hex = at;
            while (body.charAt(hex) == 'u') {
                hex++;
            }
            out.append((char) Integer.parseInt(body.substring(hex, hex + 4), 16));
            return hex + 3;
        }
        if (e >= '0' && e <= '7') {
            int end = at + 1;
            while (end < body.length() && end < at + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                end++;
            }
            out.append((char) Integer.parseInt(body.substring(at, end), 8));
            return end - 1;
        }
        out.append(switch (e) {
            case 'b' -> '\b';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'f' -> '\f';
            case 'r' -> '\r';
            case 's' -> ' ';
            default -> e;
        });
        return at;
    }
}
