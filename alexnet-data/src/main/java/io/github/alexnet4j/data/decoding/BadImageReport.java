package io.github.alexnet4j.data.decoding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the files that could not be used, by reason. Each bad file is logged once, on one line
 * naming the file and the reason; {@link #summary()} gives the totals for the end of an epoch.
 * Thread-safe: loader threads record into one report.
 */
public final class BadImageReport {
    private static final Logger log = LoggerFactory.getLogger(BadImageReport.class);

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Map<String, Integer> byReason = new ConcurrentHashMap<>();

    public void record(BadImageException e) {
        if (seen.putIfAbsent(e.file(), e.reason()) == null) {
            log.warn("Skipping {}: {}", e.file(), e.reason());
            byReason.merge(category(e.reason()), 1, Integer::sum);
        }
    }

    /** Files skipped so far (each counted once however many epochs it was met). */
    public int count() {
        return seen.size();
    }

    /** Each bad file with its reason (for reports made elsewhere, e.g. in a Spark executor, to be merged). */
    public Map<String, String> files() {
        return new TreeMap<>(seen);
    }

    public Map<String, Integer> byReason() {
        return new TreeMap<>(byReason);
    }

    public String summary() {
        if (seen.isEmpty()) return "no bad images";
        StringBuilder sb = new StringBuilder(count() + " bad image(s) skipped:");
        byReason().forEach((r, n) -> sb.append("\n  ").append(n).append(" × ").append(r));
        return sb.toString();
    }

    /** Groups reasons that differ only in numbers ("declares 40000×40000 …") under one key. */
    private static String category(String reason) {
        int paren = reason.indexOf(" (starts with");
        String r = paren > 0 ? reason.substring(0, paren) : reason;
        return r.replaceAll("\\d+(\\.\\d+)?", "N");
    }
}
