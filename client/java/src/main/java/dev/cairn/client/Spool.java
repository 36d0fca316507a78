package dev.cairn.client;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The metric streamer's local log, in the format of the Python SDK's {@code cairn.spool.Spool}
 * (byte for byte, so a spool left by one language's streamer can be resent by another's, or by
 * {@code cairn sync DIR}): every sequenced message is appended here before it is sent, and the
 * highest acknowledged seq is recorded as acks arrive. A process killed mid-run, or one that never
 * reached the server, leaves a spool that a new streamer on the same directory resends; the
 * server's per-stream dedup makes that exactly-once.
 *
 * <p>Layout of the directory:
 *
 * <ul>
 *   <li>{@code meta.json}: {@code {"stream_id": "...", "address": "host:port"}};
 *   <li>{@code acked}: the highest acknowledged seq, in decimal (absent: 0);
 *   <li>segments {@code NNNNNNNNNNNN.log} ({@code %012d} of the first seq written to them), each a
 *       sequence of records {@code [seq u64][length u32][crc32 u32][body]}, little-endian, where
 *       the CRC-32 (zlib's) covers the body, a serialized {@code cairn.v1.StreamData}. A segment is
 *       closed once it reaches 64 MiB and the next record starts a new one.
 * </ul>
 *
 * <p>Not thread-safe: the streamer calls it under its lock.
 */
public final class Spool implements Closeable {
  /** Size of a record's header: seq (u64), length (u32), CRC-32 (u32). */
  static final int HEADER_BYTES = 16;

  /** A segment is rolled once it holds this many bytes (as in the Python SDK). */
  static final long SEGMENT_BYTES = 64L * 1024 * 1024;

  private static final String META = "meta.json";
  private static final String ACKED = "acked";

  /** One spooled message: its seq and its serialized StreamData. */
  public record Record(long seq, byte[] body) {
    public Record {
      Objects.requireNonNull(body, "body");
    }
  }

  private final Path dir;
  private final String streamId;
  private final String address;
  private final boolean existed;
  private final boolean fsync;
  private final long segmentBytes;
  private FileChannel file;
  private long fileBytes;
  private long ackedWritten;

  /**
   * Opens the spool in {@code directory}, creating it (and {@code meta.json}, with {@code
   * streamId} and {@code address}) when it holds none. When {@code meta.json} exists, the stream
   * id and address recorded there win over the arguments.
   *
   * @param fsync fsync each segment after every append (slower; survives power loss, not only a
   *     killed process)
   * @throws IOException when the directory cannot be created or {@code meta.json} cannot be read,
   *     parsed or written
   */
  public Spool(Path directory, String streamId, String address, boolean fsync) throws IOException {
    this(directory, streamId, address, fsync, SEGMENT_BYTES);
  }

  /** As above, with another segment size (for tests). */
  Spool(Path directory, String streamId, String address, boolean fsync, long segmentBytes)
      throws IOException {
    this.dir = directory;
    this.fsync = fsync;
    this.segmentBytes = segmentBytes;
    Files.createDirectories(directory);
    Path meta = directory.resolve(META);
    if (Files.exists(meta)) {
      Map<String, String> data =
          MiniJson.parseObject(Files.readString(meta, StandardCharsets.UTF_8), meta);
      if (!data.containsKey("stream_id")) {
        throw new IOException(meta + ": no \"stream_id\"");
      }
      this.streamId = data.get("stream_id");
      this.address = data.getOrDefault("address", address);
    } else {
      this.streamId = streamId;
      this.address = address;
      // As Python's json.dumps({"stream_id": ..., "address": ...}).
      String json =
          "{\"stream_id\": " + MiniJson.quote(streamId) + ", \"address\": "
              + MiniJson.quote(address) + "}";
      writeAtomically(directory.resolve("meta.tmp"), meta, json);
    }
    this.existed = !segments().isEmpty() || ackedSeq() > 0;
    this.ackedWritten = ackedSeq();
  }

  /** Whether {@code directory} holds a spool (a {@code meta.json}). */
  public static boolean exists(Path directory) {
    return Files.exists(directory.resolve(META));
  }

  /**
   * Where a streamer without an explicit spool directory keeps its spool (offline mode), as the
   * Python SDK's {@code default_spool_dir}: {@code $XDG_DATA_HOME/cairn/spool/<streamId>}, or
   * {@code ~/.local/share/cairn/spool/<streamId>} when that variable is unset or empty.
   */
  public static Path defaultDirectory(String streamId) {
    return defaultDirectory(streamId, System.getenv(), System.getProperty("user.home"));
  }

  static Path defaultDirectory(String streamId, Map<String, String> env, String home) {
    String base = env.get("XDG_DATA_HOME");
    Path root =
        base != null && !base.isEmpty() ? Path.of(base) : Path.of(home, ".local", "share");
    return root.resolve("cairn").resolve("spool").resolve(streamId);
  }

  public Path directory() {
    return dir;
  }

  /** The stream id: from {@code meta.json} when the spool already existed. */
  public String streamId() {
    return streamId;
  }

  /** The server address recorded in {@code meta.json} (informational). */
  public String address() {
    return address;
  }

  /** Whether the spool held messages or an acknowledged seq when it was opened. */
  public boolean existed() {
    return existed;
  }

  /** The highest acknowledged seq recorded in {@code acked} (0 when there is none). */
  public long ackedSeq() throws IOException {
    String text;
    try {
      text = Files.readString(dir.resolve(ACKED), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return 0;
    }
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException(dir.resolve(ACKED) + ": not a seq: " + text, e);
    }
  }

  /** The segment files, in seq order. */
  List<Path> segments() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.log")) {
      for (Path p : ds) {
        out.add(p);
      }
    }
    out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return out;
  }

  /**
   * The messages after the acknowledged seq, in order. A torn record (the process died mid-write:
   * a short header or body, or a CRC mismatch) is cut off: its segment is truncated before it.
   */
  public List<Record> pending() throws IOException {
    long acked = ackedSeq();
    List<Record> out = new ArrayList<>();
    CRC32 crc = new CRC32();
    for (Path segment : segments()) {
      byte[] data = Files.readAllBytes(segment);
      ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      int pos = 0;
      while (pos < data.length) {
        boolean torn = pos + HEADER_BYTES > data.length;
        long seq = 0;
        int start = pos + HEADER_BYTES;
        long length = 0;
        if (!torn) {
          seq = buf.getLong(pos);
          length = Integer.toUnsignedLong(buf.getInt(pos + 8));
          long sum = Integer.toUnsignedLong(buf.getInt(pos + 12));
          torn = length > data.length - start;
          if (!torn) {
            crc.reset();
            crc.update(data, start, (int) length);
            torn = crc.getValue() != sum;
          }
        }
        if (torn) {
          try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(pos);
          }
          break;
        }
        pos = start + (int) length;
        if (seq > acked) {
          byte[] body = new byte[(int) length];
          System.arraycopy(data, start, body, 0, (int) length);
          out.add(new Record(seq, body));
        }
      }
    }
    return out;
  }

  /** The last spooled seq, or the acknowledged one when nothing is pending. */
  public long lastSeq() throws IOException {
    List<Record> p = pending();
    return p.isEmpty() ? ackedSeq() : p.get(p.size() - 1).seq();
  }

  /** Appends one message (a serialized StreamData). */
  public void append(long seq, byte[] body) throws IOException {
    append(seq, body, 0, body.length);
  }

  /** Appends {@code body[offset, offset + length)} as the message {@code seq}. */
  void append(long seq, byte[] body, int offset, int length) throws IOException {
    if (file == null || fileBytes >= segmentBytes) {
      roll(seq);
    }
    CRC32 crc = new CRC32();
    crc.update(body, offset, length);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(seq).putInt(length).putInt((int) crc.getValue()).flip();
    ByteBuffer[] record = {header, ByteBuffer.wrap(body, offset, length)};
    while (record[0].hasRemaining() || record[1].hasRemaining()) {
      file.write(record);
    }
    fileBytes += HEADER_BYTES + length;
    if (fsync) {
      file.force(true);
    }
  }

  private void roll(long seq) throws IOException {
    closeFile();
    Path path = dir.resolve(segmentName(seq));
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<?> mode =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      file = FileChannel.open(path, options, mode);
    } else {
      file = FileChannel.open(path, options);
    }
    fileBytes = file.size();
  }

  static String segmentName(long seq) {
    return String.format("%012d.log", seq);
  }

  /**
   * Records {@code seq} as acknowledged ({@code acked} is replaced atomically) and deletes the
   * segments that hold nothing after it, never the last one. Lower seqs are ignored.
   */
  public void markAcked(long seq) throws IOException {
    if (seq <= ackedWritten) {
      return;
    }
    writeAtomically(dir.resolve("acked.tmp"), dir.resolve(ACKED), Long.toString(seq));
    ackedWritten = seq;
    // Segments whose successor starts at or below the acked seq are fully acked.
    List<Path> segs = segments();
    for (int i = 0; i + 1 < segs.size(); i++) {
      Long following = segmentSeq(segs.get(i + 1));
      if (following != null && following <= seq + 1) {
        Files.deleteIfExists(segs.get(i));
      }
    }
  }

  private static Long segmentSeq(Path segment) {
    String name = segment.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.length() - ".log".length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Rewrites the log after the server assigned this stream a later start: every segment is
   * deleted, {@code acked} is set to {@code acked}, and {@code messages} are appended.
   */
  public void rebase(long acked, List<Record> messages) throws IOException {
    closeFile();
    for (Path segment : segments()) {
      Files.delete(segment);
    }
    ackedWritten = -1;
    markAcked(acked);
    for (Record r : messages) {
      append(r.seq(), r.body());
    }
  }

  /** Closes the open segment; the spool stays on disk. */
  @Override
  public void close() throws IOException {
    close(false);
  }

  /**
   * Closes the open segment and, when {@code removeIfDone} and every spooled message is
   * acknowledged, deletes the files of the spool and its directory.
   */
  public void close(boolean removeIfDone) throws IOException {
    closeFile();
    if (removeIfDone && lastSeq() <= ackedSeq()) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          Files.deleteIfExists(p);
        }
      }
      Files.delete(dir);
    }
  }

  private void closeFile() throws IOException {
    if (file != null) {
      FileChannel f = file;
      file = null;
      f.close();
    }
  }

  private static void writeAtomically(Path tmp, Path target, String text) throws IOException {
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Just enough JSON for {@code meta.json}: writes strings as Python's {@code json.dumps} does
   * (ASCII only), and reads any JSON object, keeping its top-level scalar members as strings.
   */
  static final class MiniJson {
    private final String s;
    private final Path source;
    private int pos;

    private MiniJson(String s, Path source) {
      this.s = s;
      this.source = source;
    }

    /** A JSON string literal, escaped as Python's json.dumps (ensure_ascii) escapes it. */
    static String quote(String value) {
      StringBuilder b = new StringBuilder(value.length() + 2).append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          case '\b' -> b.append("\\b");
          case '\f' -> b.append("\\f");
          default -> {
            if (c >= 0x20 && c <= 0x7e) {
              b.append(c);
            } else {
              b.append(String.format("\\u%04x", (int) c));
            }
          }
        }
      }
      return b.append('"').toString();
    }

    /**
     * The top-level members of a JSON object. Strings are unescaped; numbers keep their text;
     * true, false and null become "True", "False" and "None" (Python's str() of them); nested
     * objects and arrays are skipped.
     */
    static Map<String, String> parseObject(String text, Path source) throws IOException {
      MiniJson p = new MiniJson(text, source);
      Map<String, String> out = new LinkedHashMap<>();
      p.ws();
      p.expect('{');
      p.ws();
      if (p.peek() == '}') {
        p.pos++;
      } else {
        while (true) {
          p.ws();
          String key = p.string();
          p.ws();
          p.expect(':');
          p.ws();
          Object v = p.value();
          if (v instanceof String str) {
            out.put(key, str);
          } else {
            out.remove(key);
          }
          p.ws();
          char c = p.next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw p.error("expected ',' or '}'");
          }
        }
      }
      p.ws();
      if (p.pos != p.s.length()) {
        throw p.error("trailing characters");
      }
      return out;
    }

    private IOException error(String what) {
      return new IOException(source + ": malformed JSON at offset " + pos + ": " + what);
    }

    private char peek() throws IOException {
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      return s.charAt(pos);
    }

    private char next() throws IOException {
      char c = peek();
      pos++;
      return c;
    }

    private void expect(char c) throws IOException {
      if (next() != c) {
        pos--;
        throw error("expected '" + c + "'");
      }
    }

    private void ws() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    /** A scalar as a String, or a marker Object for a skipped object or array. */
    private Object value() throws IOException {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '{' || c == '[') {
        skipContainer();
        return Boolean.FALSE;
      }
      int start = pos;
      while (pos < s.length() && ",}] \t\r\n".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      String tok = s.substring(start, pos);
      switch (tok) {
        case "true":
          return "True";
        case "false":
          return "False";
        case "null":
          return "None";
        default:
          if (tok.isEmpty() || !tok.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            pos = start;
            throw error("bad value");
          }
          return tok;
      }
    }

    private void skipContainer() throws IOException {
      int depth = 0;
      do {
        char c = peek();
        if (c == '"') {
          string();
          continue;
        }
        pos++;
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        }
      } while (depth > 0);
    }

    private String string() throws IOException {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          pos--;
          throw error("control character in string");
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length() || !s.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
              throw error("bad \\u escape");
            }
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> {
            pos--;
            throw error("bad escape");
          }
        }
      }
    }
  }
}
