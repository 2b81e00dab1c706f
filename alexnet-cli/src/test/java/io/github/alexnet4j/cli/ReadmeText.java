package io.github.alexnet4j.cli;

/** Pieces of the README that tests hold against the results files they name. */
public final class ReadmeText {

    private ReadmeText() {
    }

    /** The first table row that starts with {@code start}. */
    public static String row(String readme, String start) {
        return readme.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("README has no row starting " + start));
    }

    /** The paragraph that starts with {@code start} (e.g. its bold title), on one line. */
    public static String paragraph(String readme, String start) {
        int from = readme.indexOf(start);
        if (from < 0) throw new AssertionError("README has no paragraph starting " + start);
        String rest = readme.substring(from);
        int end = rest.indexOf("\n\n");
        return (end < 0 ? rest : rest.substring(0, end)).replace('\n', ' ');
    }
}
