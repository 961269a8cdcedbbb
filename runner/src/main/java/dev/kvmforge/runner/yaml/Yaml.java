package dev.kvmforge.runner.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kvmforge.runner.error.KvmforgeException;
import dev.kvmforge.runner.error.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into a {@link YamlNode} tree that keeps file:line:column for every node and key; refuses duplicate keys;
 * replays anchors and aliases. Also holds the one {@link ObjectMapper} used to bind plain values to records (booleans
 * read as Ansible reads them: {@code yes}, {@code on}, {@code 1} are true).
 */
public final class Yaml {

    private static final YAMLFactory FACTORY = newFactory();

    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new SimpleModule("ansible-booleans")
                    .addDeserializer(Boolean.class, new AnsibleBoolean())
                    .addDeserializer(boolean.class, new AnsibleBoolean()))
            .build();

    private static final ObjectMapper YAML_WRITER = new YAMLMapper();

    private Yaml() {
    }

    private static YAMLFactory newFactory() {
        YAMLFactory f = new YAMLAnchorReplayingFactory();
        f.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return f;
    }

    /** The one mapper that binds plain values (maps, lists, scalars) to parameter and data records, snake_case keys. */
    public static ObjectMapper binder() {
        return BINDER;
    }

    /** A mapper that writes YAML, for {@code to_yaml} and {@code inventory --list}. */
    public static ObjectMapper writer() {
        return YAML_WRITER;
    }

    /**
     * Reads a variables file ({@code vars_files}, {@code include_vars}, a role's {@code defaults/} and {@code vars/}):
     * a mapping of names to values, or nothing at all (empty, or comments only). Anything else is an error at its place.
     */
    public static Map<String, Object> readVariables(Path file) {
        YamlNode n = read(file);
        if (n instanceof YamlScalar s && s.value() == null) {
            return new LinkedHashMap<>();
        }
        if (!(n instanceof YamlMap m)) {
            throw KvmforgeException.parse(n.location(), "a variables file must be a mapping of names to values, not "
                    + n.describe(), "write one 'name: value' per line");
        }
        return m.toPlain();
    }

    /** Reads the single document in {@code file}; an empty file is an empty mapping. */
    public static YamlNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw KvmforgeException.parse(null, "file not found: " + file, "check the path; relative paths are relative to the current directory");
        } catch (IOException e) {
            throw KvmforgeException.parse(null, "cannot read " + file + ": " + e.getMessage(), null);
        }
        return read(text, file.toString());
    }

    /** Reads the single document in {@code text}, naming it {@code source} in locations. */
    public static YamlNode read(String text, String source) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new YamlMap(Map.of(), Map.of(), new SourceLocation(source, 1, 1));
            }
            YamlNode node = readValue(p, source);
            if (p.nextToken() != null) {
                throw KvmforgeException.parse(loc(p.currentTokenLocation(), source),
                        "more than one YAML document in the file", "keep one document; remove the extra '---'");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(e, source);
        } catch (IOException e) {
            throw KvmforgeException.parse(new SourceLocation(source, 0, 0), "cannot read YAML: " + e.getMessage(), null);
        }
    }

    private static KvmforgeException malformed(JsonProcessingException e, String source) {
        JsonLocation l = e.getLocation();
        String msg = e.getOriginalMessage();
        String hint = "check indentation and quoting around this place";
        if (msg != null && msg.startsWith("Duplicate field")) {
            String key = msg.replaceFirst("^Duplicate field '([^']*)'.*$", "$1");
            msg = "duplicate key '" + key + "'";
            hint = "a key may appear once per mapping; remove or rename one of them";
        } else if (msg != null) {
            msg = "malformed YAML: " + firstLine(msg);
        }
        return KvmforgeException.parse(l == null ? new SourceLocation(source, 0, 0) : loc(l, source), msg, hint);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static SourceLocation loc(JsonLocation l, String source) {
        return new SourceLocation(source, l.getLineNr(), l.getColumnNr());
    }

    private static YamlNode readValue(JsonParser p, String source) throws IOException {
        JsonToken t = p.currentToken();
        SourceLocation at = loc(p.currentTokenLocation(), source);
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, SourceLocation> keys = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceLocation keyAt = loc(p.currentTokenLocation(), source);
                    p.nextToken();
                    entries.put(key, readValue(p, source));
                    keys.put(key, keyAt);
                }
                return new YamlMap(entries, keys, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, source));
                }
                return new YamlList(items, at);
            }
            case VALUE_STRING -> {
                return new YamlScalar(p.getText(), at);
            }
            case VALUE_NUMBER_INT -> {
                String text = p.getText();
                if (text.length() > 1 && text.matches("0[0-7]+")) {
                    return new YamlScalar(Long.parseLong(text, 8), at);
                }
                return new YamlScalar(p.getLongValue(), at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlScalar(p.getDoubleValue(), at);
            }
            case VALUE_TRUE -> {
                return new YamlScalar(Boolean.TRUE, at);
            }
            case VALUE_FALSE -> {
                return new YamlScalar(Boolean.FALSE, at);
            }
            case VALUE_NULL -> {
                return new YamlScalar(null, at);
            }
            default -> throw KvmforgeException.parse(at, "unsupported YAML value (" + t + ")", null);
        }
    }
}
