package org.spinecho.data;

import java.nio.file.Path;

/**
 * A data file that cannot be read: missing or empty, a token that is not a finite number, a
 * ragged row, a wrong number of columns, or files of one data set that disagree in their number
 * of curves. The message has the form {@code file:line:column: what is wrong} (1-based line,
 * column = field number on the line), e.g.
 * {@code gauss_echos_eval_r.txt:12:7: not a number: 'abc'}; a command line prints it as is and
 * exits with status 2.
 */
public final class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int line;
    private final int column;
    private final String problem;

    public DataFormatException(Path file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file as it was given to the reader. */
    public Path file() {
        return file;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** 1-based field number on the line (1 where the problem concerns the whole line or file). */
    public int column() {
        return column;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
