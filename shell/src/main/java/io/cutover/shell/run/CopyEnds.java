package io.cutover.shell.run;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.function.Function;

/**
 * Where a COPY through the client takes its data from and puts its rows.
 *
 * @param in opens the data of a COPY FROM STDIN, in the connection's client encoding
 * @param out receives the rows of a COPY TO STDOUT
 * @param outIsResults whether {@code out} is where query results go: psql then prints no
 *     {@code COPY n}, which would land among the rows
 */
record CopyEnds(Function<Charset, InputStream> in, OutputStream out, boolean outIsResults) {
}
