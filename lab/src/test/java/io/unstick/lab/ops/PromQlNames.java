package io.unstick.lab.ops;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, range and subquery
 * brackets, grouping clauses, Grafana variables, functions and keywords are taken out; and the labels it reads of
 * them. Enough for the expressions of a dashboard and alert rules (PromQlNamesTest holds it to examples); not a
 * PromQL parser.
 *
 * <pre>
 * sum by (node) (rate(unstick_requests_total{status="5xx"}[5m])) / on (node) unstick_node_up
 *   -> [unstick_node_up, unstick_requests_total]
 * sum by (node) (rate(unstick_requests_total{status="5xx"}[5m]))
 *   -> {unstick_requests_total=[node, status]}
 * </pre>
 */
final class PromQlNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?\\w+", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Pattern SELECTOR = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{((?:[^{}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING_LABELS = Pattern.compile("\\b(?:by|without)\\s*\\(([^()]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on",
            "ignoring", "group_left", "group_right", "offset", "inf", "nan");

    private PromQlNames() {
    }

    static Set<String> of(String expression) {
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = VARIABLE.matcher(rest).replaceAll(" ");
        rest = OFFSET.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            boolean call = identifier.group(2) != null; // a function or an aggregation: sum(...), rate(...)
            String word = identifier.group(1);
            if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * The labels the expression reads, per metric name: those its selectors match on ({@code name{label="..."}}),
     * and, when it reads one metric only, those it aggregates by or without. An empty set for a name read without
     * labels.
     */
    static Map<String, Set<String>> labels(String expression) {
        Map<String, Set<String>> labels = new TreeMap<>();
        Set<String> names = of(expression);
        names.forEach(name -> labels.put(name, new TreeSet<>()));
        Matcher selector = SELECTOR.matcher(expression);
        while (selector.find()) {
            Set<String> matched = labels.get(selector.group(1));
            if (matched != null) { // not a function's argument list
                Matcher matcher = MATCHER.matcher(STRING.matcher(selector.group(2)).replaceAll(" "));
                while (matcher.find()) {
                    matched.add(matcher.group(1));
                }
            }
        }
        if (names.size() == 1) {
            Matcher grouping = GROUPING_LABELS.matcher(expression);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    if (!label.isBlank()) {
                        labels.get(names.iterator().next()).add(label.trim());
                    }
                }
            }
        }
        return labels;
    }
}
