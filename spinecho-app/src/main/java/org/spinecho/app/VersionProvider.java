package org.spinecho.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version printed by {@code spinecho --version}: the project version Maven filtered into
 * spinecho-version.properties, else the jar manifest's Implementation-Version.
 */
public final class VersionProvider implements IVersionProvider {

    /** The project version, or "unknown" when neither the resource nor the manifest has one. */
    public static String projectVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("spinecho-version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank() && !version.startsWith("${")) {
                    return version.strip();
                }
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "unknown";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "spinecho " + projectVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
