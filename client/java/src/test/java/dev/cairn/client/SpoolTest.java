package dev.cairn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool format against the golden fixture written by the Python SDK's Spool
 * (tests/interop/spool_fixture, kept in step by tests/interop/test_spool_format.py).
 */
class SpoolTest {
  /** Maven runs tests in client/java. */
  static final Path FIXTURE = Path.of("..", "..", "tests", "interop", "spool_fixture");

  static final String STREAM_ID = "0123456789abcdef0123456789abcdef";
  static final String ADDRESS = "127.0.0.1:7077";
  static final byte[][] BODIES = {
    {0x0a, 0x03, 'a', 'b', 'c'}, {}, repeat(new byte[] {(byte) 0xff, 0x00}, 40),
  };

  @TempDir Path tmp;

  static byte[] repeat(byte[] unit, int n) {
    byte[] out = new byte[unit.length * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    return out;
  }

  private static List<Long> seqs(List<Spool.Record> records) {
    return records.stream().map(Spool.Record::seq).toList();
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    for (String n : names(dir)) {
      out.put(n, Files.readAllBytes(dir.resolve(n)));
    }
    return out;
  }

  @Test
  void readsTheGoldenFixture() throws IOException {
    assertTrue(Files.isDirectory(FIXTURE), "fixture not found at " + FIXTURE.toAbsolutePath());
    Map<String, byte[]> before = snapshot(FIXTURE);
    Spool spool = new Spool(FIXTURE, "other", "other:1", false);
    assertEquals(STREAM_ID, spool.streamId());
    assertEquals(ADDRESS, spool.address());
    assertTrue(spool.existed());
    assertEquals(1, spool.ackedSeq());
    List<Spool.Record> pending = spool.pending();
    assertEquals(List.of(2L, 3L), seqs(pending));
    assertArrayEquals(BODIES[1], pending.get(0).body());
    assertArrayEquals(BODIES[2], pending.get(1).body());
    assertEquals(3, spool.lastSeq());
    spool.close();
    Map<String, byte[]> after = snapshot(FIXTURE);
    assertEquals(before.keySet(), after.keySet(), "reading the fixture changed its files");
    for (String n : before.keySet()) {
      assertArrayEquals(before.get(n), after.get(n), "reading the fixture changed " + n);
    }
  }

  @Test
  void writesTheFixtureByteForByte() throws IOException {
    Path dir = tmp.resolve("s");
    Spool spool = new Spool(dir, STREAM_ID, ADDRESS, false);
    assertFalse(spool.existed());
    for (int i = 0; i < BODIES.length; i++) {
      spool.append(i + 1, BODIES[i]);
    }
    spool.markAcked(1);
    spool.close();
    // meta.json too: Java writes it exactly as Python's json.dumps does.
    for (String n : List.of("000000000001.log", "acked", "meta.json")) {
      assertArrayEquals(
          Files.readAllBytes(FIXTURE.resolve(n)), Files.readAllBytes(dir.resolve(n)), n);
    }
    assertEquals(List.of("000000000001.log", "acked", "meta.json"), names(dir));
    Spool again = new Spool(dir, "ignored", "ignored:1", false);
    assertTrue(again.existed());
    assertEquals(STREAM_ID, again.streamId());
    assertEquals(List.of(2L, 3L), seqs(again.pending()));
    again.close();
  }

  @Test
  void tornTailIsCutOff() throws IOException {
    Path dir = tmp.resolve("s");
    Spool spool = new Spool(dir, "torn", "", false);
    for (int i = 0; i < BODIES.length; i++) {
      spool.append(i + 1, BODIES[i]);
    }
    spool.close();
    Path segment = dir.resolve("000000000001.log");
    long whole = Files.size(segment);
    // The process died while writing seq 4: a full header, half of the body.
    byte[] body = repeat(new byte[] {7}, 100);
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(4).putInt(body.length).putInt(0);
    Files.write(segment, header.array(), StandardOpenOption.APPEND);
    Files.write(segment, Arrays.copyOf(body, 50), StandardOpenOption.APPEND);

    Spool reopened = new Spool(dir, "torn", "", false);
    assertEquals(List.of(1L, 2L, 3L), seqs(reopened.pending()));
    assertEquals(whole, Files.size(segment), "the torn record is truncated");
    assertEquals(3, reopened.lastSeq());
    // Writing goes on after it: the next message starts a new segment.
    reopened.append(4, BODIES[0]);
    reopened.close();
    Spool third = new Spool(dir, "torn", "", false);
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(third.pending()));
    third.close();
  }

  @Test
  void corruptAndShortRecordsAreCutOff() throws IOException {
    Path dir = tmp.resolve("s");
    Spool spool = new Spool(dir, "crc", "", false);
    spool.append(1, BODIES[0]);
    spool.append(2, BODIES[2]);
    spool.close();
    Path segment = dir.resolve("000000000001.log");
    long first = 16 + BODIES[0].length;
    byte[] data = Files.readAllBytes(segment);
    data[data.length - 1] ^= 1; // seq 2's body no longer matches its CRC
    Files.write(segment, data);
    Spool reopened = new Spool(dir, "crc", "", false);
    assertEquals(List.of(1L), seqs(reopened.pending()));
    assertEquals(first, Files.size(segment));
    reopened.close();
    // A header cut short is cut off too.
    Files.write(segment, new byte[] {2, 0, 0, 0, 0}, StandardOpenOption.APPEND);
    Spool third = new Spool(dir, "crc", "", false);
    assertEquals(List.of(1L), seqs(third.pending()));
    assertEquals(first, Files.size(segment));
    third.close();
  }

  @Test
  void aTornHeaderIsCutAndTheNextAppendReadsBack() throws IOException {
    // As Python's test_a_torn_header_is_cut_and_the_next_append_reads_back.
    Path dir = tmp.resolve("s");
    Spool spool = new Spool(dir, "s", "a:1", false);
    spool.append(1, "one".getBytes(StandardCharsets.UTF_8));
    spool.markAcked(1);
    spool.close();
    // The process died seven bytes into seq 2's header, the first record of its segment.
    Path segment = dir.resolve("000000000002.log");
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(2).putInt(3).putInt(0);
    Files.write(segment, Arrays.copyOf(header.array(), 7));
    Spool reopened = new Spool(dir, "s", "a:1", false);
    assertEquals(List.of(), reopened.pending());
    assertEquals(0, Files.size(segment));
    reopened.append(2, "two".getBytes(StandardCharsets.UTF_8)); // seq 2 again: the same file
    reopened.close();
    Spool third = new Spool(dir, "s", "a:1", false);
    List<Spool.Record> pending = third.pending();
    assertEquals(List.of(2L), seqs(pending));
    assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), pending.get(0).body());
    third.close();
  }

  @Test
  void segmentsRollAtTheSegmentSize() throws IOException {
    Path dir = tmp.resolve("s");
    byte[] body = repeat(new byte[] {1, 2, 3, 4}, 10); // records of 56 bytes
    Spool spool = new Spool(dir, "roll", "", false, 100);
    for (long seq = 1; seq <= 5; seq++) {
      spool.append(seq, body);
    }
    spool.close();
    // 1: 56 bytes, 2: 112 >= 100, so 3 starts a new segment; and so on.
    assertEquals(
        List.of("000000000001.log", "000000000003.log", "000000000005.log", "meta.json"),
        names(dir));
    assertEquals(112, Files.size(dir.resolve("000000000001.log")));
    assertEquals(56, Files.size(dir.resolve("000000000005.log")));
    Spool reopened = new Spool(dir, "roll", "", false, 100);
    List<Spool.Record> pending = reopened.pending();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(pending));
    for (Spool.Record r : pending) {
      assertArrayEquals(body, r.body());
    }
    reopened.close();
    assertEquals(64L * 1024 * 1024, Spool.SEGMENT_BYTES);
  }

  @Test
  void markAckedDeletesFullyAckedSegments() throws IOException {
    Path dir = tmp.resolve("s");
    byte[] body = repeat(new byte[] {9}, 40);
    Spool spool = new Spool(dir, "ack", "", false, 100);
    for (long seq = 1; seq <= 5; seq++) {
      spool.append(seq, body); // segments 1 (1, 2), 3 (3, 4), 5 (5)
    }
    spool.markAcked(1);
    assertEquals("1", Files.readString(dir.resolve("acked")));
    assertEquals(List.of("000000000001.log", "000000000003.log", "000000000005.log"), logs(dir));
    spool.markAcked(2); // segment 1 holds nothing after 2
    assertEquals(List.of("000000000003.log", "000000000005.log"), logs(dir));
    spool.markAcked(4);
    assertEquals(List.of("000000000005.log"), logs(dir));
    spool.markAcked(5); // the last segment stays
    assertEquals(List.of("000000000005.log"), logs(dir));
    spool.markAcked(3); // lower: ignored
    assertEquals("5", Files.readString(dir.resolve("acked")));
    assertFalse(Files.exists(dir.resolve("acked.tmp")));
    assertEquals(List.of(), spool.pending());
    assertEquals(5, spool.lastSeq());
    spool.append(6, body);
    assertEquals(List.of(6L), seqs(spool.pending()));
    spool.close();
  }

  private static List<String> logs(Path dir) throws IOException {
    return names(dir).stream().filter(n -> n.endsWith(".log")).toList();
  }

  @Test
  void rebaseRewritesTheLog() throws IOException {
    Path dir = tmp.resolve("s");
    Spool spool = new Spool(dir, "rebase", "", false, 100);
    for (long seq = 1; seq <= 4; seq++) {
      spool.append(seq, repeat(new byte[] {(byte) seq}, 40));
    }
    spool.rebase(
        41, List.of(new Spool.Record(42, BODIES[0]), new Spool.Record(43, BODIES[2])));
    assertEquals("41", Files.readString(dir.resolve("acked")));
    assertEquals(List.of("000000000042.log"), logs(dir));
    List<Spool.Record> pending = spool.pending();
    assertEquals(List.of(42L, 43L), seqs(pending));
    assertArrayEquals(BODIES[2], pending.get(1).body());
    spool.close();
  }

  @Test
  void closeRemovesTheSpoolOnlyWhenEverythingIsAcked() throws IOException {
    Path dir = tmp.resolve("s");
    Spool spool = new Spool(dir, "done", "", false);
    spool.append(1, BODIES[0]);
    spool.append(2, BODIES[0]);
    spool.markAcked(1);
    spool.close(true);
    assertTrue(Spool.exists(dir), "seq 2 is not acknowledged");
    Spool again = new Spool(dir, "x", "", false);
    again.markAcked(2);
    again.close(true);
    assertFalse(Files.exists(dir));
    assertFalse(Spool.exists(dir));
  }

  @Test
  void metaJsonIsReadRobustlyAndWrittenAsPythonDoes() throws IOException {
    Path dir = tmp.resolve("s");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("meta.json"),
        "\n{ \"extra\" : [1, {\"x\": \"}\"}, null], \"address\":\"h\\u00e9\\/st:1\" ,"
            + "\"stream_id\" : \"a\\\"b\\\\c\\n\\ud83d\\ude00\", \"n\": -1.5e3, \"t\": true}\n",
        StandardCharsets.UTF_8);
    Spool spool = new Spool(dir, "ignored", "ignored", false);
    assertEquals("a\"b\\c\n\ud83d\ude00", spool.streamId());
    assertEquals("h\u00e9/st:1", spool.address());
    assertFalse(spool.existed());
    spool.close();

    Files.writeString(dir.resolve("meta.json"), "{\"stream_id\": \"only\"}");
    Spool noAddress = new Spool(dir, "ignored", "fallback:1", false);
    assertEquals("only", noAddress.streamId());
    assertEquals("fallback:1", noAddress.address());
    noAddress.close();

    Files.writeString(dir.resolve("meta.json"), "{\"stream_id\": \"x\"");
    assertThrows(IOException.class, () -> new Spool(dir, "a", "b", false));
    Files.writeString(dir.resolve("meta.json"), "{\"address\": \"x\"}");
    assertThrows(IOException.class, () -> new Spool(dir, "a", "b", false));

    // Python: json.dumps({"stream_id": 'q"\\\u00e9\x7f\n\U0001F600', "address": "a\tb"})
    Path fresh = tmp.resolve("fresh");
    new Spool(fresh, "q\"\\\u00e9\u007f\n\ud83d\ude00", "a\tb", false).close();
    assertEquals(
        "{\"stream_id\": \"q\\\"\\\\\\u00e9\\u007f\\n\\ud83d\\ude00\", \"address\": \"a\\tb\"}",
        Files.readString(fresh.resolve("meta.json")));
    Spool back = new Spool(fresh, "", "", false);
    assertEquals("q\"\\\u00e9\u007f\n\ud83d\ude00", back.streamId());
    back.close();
  }

  @Test
  void defaultDirectoryFollowsXdgDataHome() {
    assertEquals(
        Path.of("/data/cairn/spool/abc"),
        Spool.defaultDirectory("abc", Map.of("XDG_DATA_HOME", "/data"), "/home/u"));
    assertEquals(
        Path.of("/home/u/.local/share/cairn/spool/abc"),
        Spool.defaultDirectory("abc", Map.of("XDG_DATA_HOME", ""), "/home/u"));
    assertEquals(
        Path.of("/home/u/.local/share/cairn/spool/abc"),
        Spool.defaultDirectory("abc", Map.of(), "/home/u"));
    StreamerOptions offline = StreamerOptions.builder().streamId("abc").offline(true).build();
    assertEquals(Spool.defaultDirectory("abc"), offline.spoolDir());
    assertEquals(null, StreamerOptions.builder().build().spoolDir());
  }

  @Test
  void renumberKeepsTheBatches() {
    // StreamData{seq: 150, batches: [MetricBatch{run_id: ""}]}, as Python's _wire.renumber.
    byte[] body = {0x08, (byte) 0x96, 0x01, 0x12, 0x02, 0x0a, 0x00};
    assertArrayEquals(
        new byte[] {0x08, 0x03, 0x12, 0x02, 0x0a, 0x00}, MetricStreamer.renumber(body, 0, 3));
    assertArrayEquals(
        new byte[] {0x08, (byte) 0x80, 0x01, 0x12, 0x02, 0x0a, 0x00},
        MetricStreamer.renumber(body, 0, 128));
  }
}
