package io.prescale.it.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every InfluxQL query of the Grafana dashboards in {@code infra/grafana}, variables filled in. */
public final class DashboardQueries {
    private DashboardQueries() {}

    /** One query and where it comes from. */
    public record Query(String dashboard, String panel, String influxQl) {
        /** The measurement after the first FROM. */
        public String measurement() {
            String afterFrom = influxQl.substring(influxQl.indexOf("FROM \"") + 6);
            return afterFrom.substring(0, afterFrom.indexOf('"'));
        }
    }

    /**
     * A query template variable: the query of its values and the panel queries that use it (as
     * {@code $name}), every other variable filled in, its own not.
     */
    public record Variable(String name, Query values, List<Query> users) {}

    /** Every query, variables' and panels', with {@code variables} filled in. */
    public static List<Query> load(Path grafanaDir, Map<String, String> variables)
            throws IOException {
        List<Query> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : dashboards(grafanaDir).entrySet()) {
            for (JsonNode v : d.getValue().path("templating").path("list")) {
                String name = v.path("name").asText();
                out.add(variableQuery(d.getKey(), name, v, variables));
            }
            for (JsonNode panel : d.getValue().path("panels")) {
                for (JsonNode t : panel.path("targets")) {
                    out.add(panelQuery(d.getKey(), panel, t, variables));
                }
            }
        }
        return out;
    }

    /** The query template variables of every dashboard; see {@link Variable}. */
    public static List<Variable> variables(Path grafanaDir, Map<String, String> variables)
            throws IOException {
        List<Variable> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : dashboards(grafanaDir).entrySet()) {
            for (JsonNode v : d.getValue().path("templating").path("list")) {
                String name = v.path("name").asText();
                Map<String, String> others = new HashMap<>(variables);
                others.remove("$" + name);
                Pattern use = Pattern.compile(Pattern.quote("$" + name) + "(?!\\w)");
                List<Query> users = new ArrayList<>();
                for (JsonNode panel : d.getValue().path("panels")) {
                    for (JsonNode t : panel.path("targets")) {
                        if (use.matcher(t.path("query").asText()).find()) {
                            users.add(panelQuery(d.getKey(), panel, t, others));
                        }
                    }
                }
                out.add(new Variable(name, variableQuery(d.getKey(), name, v, others), users));
            }
        }
        return out;
    }

    /** {@code query} with each key of {@code variables} replaced by its value. */
    public static String fill(String query, Map<String, String> variables) {
        String q = query;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            q = q.replace(v.getKey(), v.getValue());
        }
        return q;
    }

    /** The dashboards of {@code grafanaDir} by file name, in order. */
    private static Map<String, JsonNode> dashboards(Path grafanaDir) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(grafanaDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                out.put(f.getFileName().toString(), json.readTree(f.toFile()));
            }
        }
        return out;
    }

    private static Query variableQuery(
            String dashboard, String name, JsonNode variable, Map<String, String> variables) {
        return new Query(
                dashboard, "variable " + name, fill(variable.path("query").asText(), variables));
    }

    private static Query panelQuery(
            String dashboard, JsonNode panel, JsonNode target, Map<String, String> variables) {
        return new Query(
                dashboard,
                panel.path("title").asText(),
                fill(target.path("query").asText(), variables));
    }
}
