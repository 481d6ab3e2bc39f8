package org.spinecho.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lower-case hex strings: the checksums that data-set manifests and model
 * manifests record for their files. Every digest the project writes or checks comes from here.
 */
public final class Sha256 {
    private Sha256() {
    }

    /**
     * The digest of a file's bytes, read in 64 KiB blocks.
     *
     * @param file the file to hash
     * @return 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     */
    public static String ofFile(Path file) throws IOException {
        MessageDigest md = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The digest of some bytes.
     *
     * @param data the bytes to hash
     * @return 64 lower-case hex digits
     */
    public static String of(byte[] data) {
        return HexFormat.of().formatHex(newDigest().digest(data));
    }

    /**
     * The digest of a text's UTF-8 bytes.
     *
     * @param text the text to hash
     * @return 64 lower-case hex digits
     */
    public static String ofText(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256 (every Java SE runtime must)", e);
        }
    }
}
