package org.spinecho.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly: picocli formats descriptions with String.format, so a bare
 * '%' (e.g. "90% interval") garbles the text and makes picocli print a warning.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        CommandLine root = SpinechoCommand.newCommandLine();
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringBuilder usage = new StringBuilder(root.getUsageMessage());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
                usage.append(sub.getValue().getUsageMessage());
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("WARN"), warnings);
        assertTrue(usage.toString().contains("90% interval"), "the fit and predict help mention their intervals");
    }
}
