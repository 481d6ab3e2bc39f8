package org.spinecho.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Iterator;
import java.util.Set;

/** Reading request bodies and writing answers as JSON, with messages that name the field. */
final class Json {
    /**
     * Answers name their fields in snake_case, as the API documents them: record components
     * residualRms, dtUs, interval90 become residual_rms, dt_us, interval_90.
     */
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .setPropertyNamingStrategy(new SnakeCaseWithDigits());

    /** Jackson's snake_case, with an underscore before a number too (interval90 → interval_90). */
    private static final class SnakeCaseWithDigits extends PropertyNamingStrategies.SnakeCaseStrategy {
        private static final long serialVersionUID = 1L;

        @Override
        public String translate(String name) {
            String snake = super.translate(name);
            return snake == null ? null : snake.replaceAll("([a-z])([0-9])", "$1_$2");
        }
    }

    private Json() {
    }

    /** The body as a JSON object; anything else is a 400. */
    static JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("the body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    /** Refuses fields not in {@code allowed} (a misspelt option must not be silently ignored). */
    static void onlyFields(JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("unknown field '" + name + "'; expected some of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** A finite number; {@code fallback} when absent (null: required). */
    static double number(JsonNode node, String name, Double fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw ApiError.badRequest("'" + name + "' is required (a number)");
            }
            return fallback;
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.textValue().strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("'" + name + "' must be a number, got '" + abbreviate(v.textValue()) + "'");
            }
        } else {
            throw ApiError.badRequest("'" + name + "' must be a number, got " + abbreviate(v.toString()));
        }
        if (!Double.isFinite(d)) {
            throw ApiError.badRequest("'" + name + "' must be a finite number, got " + d);
        }
        return d;
    }

    /** An integer (a JSON integer, or a number or string holding one). */
    static long integer(JsonNode node, String name, long fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        String text = v.isTextual() ? v.textValue().strip() : v.toString();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' must be an integer, got " + abbreviate(text));
        }
    }

    /** A string; {@code fallback} when absent (null: required). */
    static String text(JsonNode node, String name, String fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw ApiError.badRequest("'" + name + "' is required (a string)");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("'" + name + "' must be a string, got " + abbreviate(v.toString()));
        }
        return v.textValue();
    }

    /** An array of finite numbers (required). */
    static double[] numbers(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) {
            throw ApiError.badRequest("'" + name + "' is required (an array of numbers)");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.doubleValue())) {
                throw ApiError.badRequest("'" + name + "'[" + i + "] must be a finite number, got "
                        + abbreviate(e.toString()));
            }
            out[i] = e.doubleValue();
        }
        return out;
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
