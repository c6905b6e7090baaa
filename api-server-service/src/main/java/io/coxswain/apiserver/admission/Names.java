package io.coxswain.apiserver.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The name formats of Kubernetes' validation (k8s.io/apimachinery/pkg/util/validation), with their messages. */
final class Names {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern C_IDENTIFIER = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private Names() {
    }

    /** @return null when valid, else the Kubernetes message */
    static String dns1123Label(String value) {
        if (value.length() > 63) {
            return "must be no more than 63 characters";
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                    + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        }
        return null;
    }

    static String dns1123Subdomain(String value) {
        if (value.length() > 253) {
            return "must be no more than 253 characters";
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
                    + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
                    + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
        return null;
    }

    static String dns1035Label(String value) {
        if (value.length() > 63) {
            return "must be no more than 63 characters";
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
                    + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
                    + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
        }
        return null;
    }

    /** A label or annotation key: an optional DNS subdomain prefix and a slash, then a name of at most 63 characters. */
    static String qualifiedName(String value) {
        String name = value;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty()) {
                return "prefix part must be non-empty";
            }
            String prefixError = dns1123Subdomain(prefix);
            if (prefixError != null) {
                return "prefix part " + prefixError;
            }
        }
        if (name.isEmpty()) {
            return "name part must be non-empty";
        }
        if (name.length() > 63) {
            return "name part must be no more than 63 characters";
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                    + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                    + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        }
        return null;
    }

    static String labelValue(String value) {
        if (value.length() > 63) {
            return "must be no more than 63 characters";
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                    + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                    + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        }
        return null;
    }

    static String envVarName(String value) {
        if (!C_IDENTIFIER.matcher(value).matches()) {
            return "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and "
                    + "must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
                    + "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
        }
        return null;
    }

    /**
     * IsConfigMapKey (also used for Secret keys): every problem, each its own message, as Kubernetes reports them.
     *
     * @return the messages; empty when valid
     */
    static List<String> configMapKey(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 253) {
            problems.add("must be no more than 253 characters");
        }
        if (!CONFIG_KEY.matcher(value).matches()) {
            problems.add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                    + "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        }
        // hasChDirPrefix: the key becomes a file name in a volume, where these would name directories
        if (value.equals(".")) {
            problems.add("must not be '.'");
        } else if (value.equals("..")) {
            problems.add("must not be '..'");
        } else if (value.startsWith("..")) {
            problems.add("must not start with '..'");
        }
        return problems;
    }

    static String portName(String value) {
        if (value.length() > 15) {
            return "must be no more than 15 characters";
        }
        if (!IANA_SVC_NAME.matcher(value).matches() || value.contains("--")) {
            return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), must not contain consecutive "
                    + "hyphens, and must start and end with an alphanumeric character";
        }
        if (!value.matches(".*[a-z].*")) {
            return "must contain at least one letter (a-z)";
        }
        return null;
    }
}
