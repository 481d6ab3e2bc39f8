package org.spinecho.app;

/** Makes AWT (used by XChart to draw PNGs) run without a display. */
final class Headless {
    private Headless() {
    }

    /** Sets java.awt.headless=true unless the user chose otherwise; call before AWT starts. */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
