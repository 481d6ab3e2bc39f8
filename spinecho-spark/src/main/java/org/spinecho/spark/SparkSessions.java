package org.spinecho.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session of spinecho's jobs, made alike for all of them. */
final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * The session: the master given, else the one spark-submit gives, else {@code local[*]}; local
     * mode binds to localhost and has no web UI. Stage progress shows on stderr unless
     * {@code spark.ui.showConsoleProgress} is set.
     */
    static SparkSession session(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        b.master(m);
        if (System.getProperty("spark.ui.showConsoleProgress") == null) {
            b.config("spark.ui.showConsoleProgress", "true"); // "[Stage 0:=====>  (3 + 2) / 8]" on stderr
        }
        if (m.startsWith("local")) {
            b.config("spark.driver.host", "localhost").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }

    /** The command line as a shell would take it back: {@code spinecho NAME ARG...}, quoted where needed. */
    static String commandLine(String name, String[] args) {
        StringBuilder sb = new StringBuilder("spinecho ").append(name);
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
