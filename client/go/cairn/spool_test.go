package cairn

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// The golden spool written by the Python SDK (tests/interop/spool_fixture,
// kept in step by tests/interop/test_spool_format.py).
const (
	fixtureDir      = "../../../tests/interop/spool_fixture"
	fixtureStreamID = "0123456789abcdef0123456789abcdef"
	fixtureAddress  = "127.0.0.1:7077"
)

var fixtureBodies = [][]byte{{0x0a, 0x03, 'a', 'b', 'c'}, {}, bytes.Repeat([]byte{0xff, 0x00}, 40)}

func readPending(t *testing.T, sp *Spool) []SpoolRecord {
	t.Helper()
	var out []SpoolRecord
	err := sp.Pending(func(seq int64, body []byte) error {
		out = append(out, SpoolRecord{Seq: seq, Body: slices.Clone(body)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func pendingSeqs(t *testing.T, sp *Spool) []int64 {
	t.Helper()
	var seqs []int64
	for _, r := range readPending(t, sp) {
		seqs = append(seqs, r.Seq)
	}
	return seqs
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func mustOpenSpool(t *testing.T, dir, streamID, address string) *Spool {
	t.Helper()
	sp, err := OpenSpool(dir, streamID, address, false)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

func appendFile(t *testing.T, path string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSpoolReadsThePythonFixture(t *testing.T) {
	// Read a copy, so a bug that truncates cannot damage the fixture.
	dir := t.TempDir()
	for _, name := range dirNames(t, fixtureDir) {
		data, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !SpoolExists(dir) || SpoolExists(t.TempDir()) {
		t.Fatal("SpoolExists")
	}
	sp := mustOpenSpool(t, dir, "other", "other:1")
	if sp.StreamID() != fixtureStreamID || sp.Address() != fixtureAddress || !sp.Existed() {
		t.Fatalf("stream id %q, address %q, existed %v", sp.StreamID(), sp.Address(), sp.Existed())
	}
	if acked, err := sp.AckedSeq(); err != nil || acked != 1 {
		t.Fatalf("acked = %d, %v", acked, err)
	}
	want := []SpoolRecord{{2, fixtureBodies[1]}, {3, fixtureBodies[2]}}
	if got := readPending(t, sp); !reflect.DeepEqual(got, want) {
		t.Fatalf("pending = %v, want %v", got, want)
	}
	if last, err := sp.LastSeq(); err != nil || last != 3 {
		t.Fatalf("last seq = %d, %v", last, err)
	}
	if err := sp.Close(true); err != nil { // seq 2 and 3 are not acked: kept
		t.Fatal(err)
	}
	for _, name := range dirNames(t, fixtureDir) {
		a, _ := os.ReadFile(filepath.Join(fixtureDir, name))
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Equal(a, b) {
			t.Fatalf("reading the spool changed %s", name)
		}
	}
}

func TestSpoolWritesThePythonFixtureByteForByte(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	sp := mustOpenSpool(t, dir, fixtureStreamID, fixtureAddress)
	if sp.Existed() {
		t.Fatal("a new spool existed")
	}
	for i, body := range fixtureBodies {
		if err := sp.Append(int64(i+1), body); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.MarkAcked(1); err != nil {
		t.Fatal(err)
	}
	if err := sp.Close(false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"000000000001.log", "acked", "meta.json"} {
		want, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s differs from the fixture:\n got %x\nwant %x", name, got, want)
		}
	}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, []string{"000000000001.log", "acked", "meta.json"}) {
		t.Fatalf("files = %v", got)
	}
}

func TestPyJSONStringMatchesPythonJSONDumps(t *testing.T) {
	// Right-hand sides are Python's json.dumps of the left-hand sides.
	cases := map[string]string{
		"":                       `""`,
		"127.0.0.1:7077":         `"127.0.0.1:7077"`,
		"a\"b\\c/<>&":            `"a\"b\\c/<>&"`,
		"\n\r\t\b\f\x01\x1f\x7f": `"\n\r\t\b\f\u0001\u001f\u007f"`,
		"é中😀":                    `"\u00e9\u4e2d\ud83d\ude00"`,
	}
	for in, want := range cases {
		if got := pyJSONString(in); got != want {
			t.Errorf("pyJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSpoolCutsATornTail(t *testing.T) {
	dir := t.TempDir()
	sp := mustOpenSpool(t, dir, "s", "")
	for seq := int64(1); seq <= 3; seq++ {
		if err := sp.Append(seq, []byte{byte(seq), 1, 2, 3}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sp.Close(false); err != nil {
		t.Fatal(err)
	}
	seg := filepath.Join(dir, "000000000001.log")
	whole := fileSize(t, seg)

	for name, tail := range map[string][]byte{
		// The process died mid-write: a header announcing 100 bytes, 4 there.
		"short body": append([]byte{4, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0}, 9, 9, 9, 9),
		"bad crc":    {4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 7},
		"short head": {4, 0, 0, 0, 0, 0},
	} {
		appendFile(t, seg, tail)
		sp = mustOpenSpool(t, dir, "s", "")
		if got := pendingSeqs(t, sp); !reflect.DeepEqual(got, []int64{1, 2, 3}) {
			t.Fatalf("%s: pending = %v", name, got)
		}
		if size := fileSize(t, seg); size != whole {
			t.Fatalf("%s: segment is %d bytes after reading, want %d (torn record cut off)", name, size, whole)
		}
		if err := sp.Close(false); err != nil {
			t.Fatal(err)
		}
	}

	// A torn record in an earlier segment is cut off; later segments still count.
	sp = mustOpenSpool(t, dir, "s", "")
	if err := sp.Append(4, []byte("four")); err != nil {
		t.Fatal(err)
	}
	_ = sp.Close(false)
	appendFile(t, seg, []byte{1, 2, 3})
	sp = mustOpenSpool(t, dir, "s", "")
	if got := pendingSeqs(t, sp); !reflect.DeepEqual(got, []int64{1, 2, 3, 4}) {
		t.Fatalf("pending = %v", got)
	}
	if size := fileSize(t, seg); size != whole {
		t.Fatalf("segment is %d bytes, want %d", size, whole)
	}
	_ = sp.Close(false)
}

// rolledSpool appends seq 1..6 (56-byte records) to a spool whose segments
// roll at 100 bytes: two records per segment.
func rolledSpool(t *testing.T) (*Spool, string) {
	t.Helper()
	dir := t.TempDir()
	sp := mustOpenSpool(t, dir, "s", "")
	sp.segmentBytes = 100
	for seq := int64(1); seq <= 6; seq++ {
		if err := sp.Append(seq, bytes.Repeat([]byte{byte(seq)}, 40)); err != nil {
			t.Fatal(err)
		}
	}
	return sp, dir
}

func TestSpoolRollsSegments(t *testing.T) {
	sp, dir := rolledSpool(t)
	want := []string{"000000000001.log", "000000000003.log", "000000000005.log", "meta.json"}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
	got := readPending(t, sp)
	if len(got) != 6 {
		t.Fatalf("pending = %v", got)
	}
	for i, r := range got {
		if r.Seq != int64(i+1) || !bytes.Equal(r.Body, bytes.Repeat([]byte{byte(i + 1)}, 40)) {
			t.Fatalf("record %d = %v", i, r)
		}
	}
	if err := sp.Close(false); err != nil {
		t.Fatal(err)
	}
	// Reopened, a spool appends to a new segment named by the next seq.
	sp = mustOpenSpool(t, dir, "s", "")
	if !sp.Existed() {
		t.Fatal("existed = false")
	}
	if err := sp.Append(7, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "000000000007.log")); err != nil {
		t.Fatal(err)
	}
	if last, err := sp.LastSeq(); err != nil || last != 7 {
		t.Fatalf("last = %d, %v", last, err)
	}
	_ = sp.Close(false)
}

func TestSpoolMarkAckedDeletesFullyAckedSegments(t *testing.T) {
	sp, dir := rolledSpool(t)
	ackedFile := func() string {
		b, err := os.ReadFile(filepath.Join(dir, "acked"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	steps := []struct {
		acked int64
		files []string
		file  string
	}{
		// seq 2 is still pending in segment 1.
		{1, []string{"000000000001.log", "000000000003.log", "000000000005.log", "acked", "meta.json"}, "1"},
		{2, []string{"000000000003.log", "000000000005.log", "acked", "meta.json"}, "2"},
		// The last segment is kept even when fully acked (it is the open one).
		{6, []string{"000000000005.log", "acked", "meta.json"}, "6"},
		// Acks never go back.
		{4, []string{"000000000005.log", "acked", "meta.json"}, "6"},
	}
	for _, st := range steps {
		if err := sp.MarkAcked(st.acked); err != nil {
			t.Fatal(err)
		}
		if got := dirNames(t, dir); !reflect.DeepEqual(got, st.files) {
			t.Fatalf("after MarkAcked(%d): files = %v, want %v", st.acked, got, st.files)
		}
		if got := ackedFile(); got != st.file {
			t.Fatalf("after MarkAcked(%d): acked = %q, want %q", st.acked, got, st.file)
		}
	}
	if got := pendingSeqs(t, sp); len(got) != 0 {
		t.Fatalf("pending = %v", got)
	}
	// Fully acked: Close(true) removes the directory.
	if err := sp.Close(true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("spool directory still there: %v", err)
	}
}

func TestSpoolCloseKeepsUnackedMessages(t *testing.T) {
	sp, dir := rolledSpool(t)
	if err := sp.MarkAcked(5); err != nil {
		t.Fatal(err)
	}
	if err := sp.Close(true); err != nil {
		t.Fatal(err)
	}
	sp = mustOpenSpool(t, dir, "other", "")
	if sp.StreamID() != "s" {
		t.Fatalf("stream id = %q", sp.StreamID())
	}
	if got := pendingSeqs(t, sp); !reflect.DeepEqual(got, []int64{6}) {
		t.Fatalf("pending = %v", got)
	}
	_ = sp.Close(false)
}

func TestSpoolRebase(t *testing.T) {
	sp, dir := rolledSpool(t)
	if err := sp.Rebase(41, []SpoolRecord{{42, []byte("a")}, {43, []byte("b")}}); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, []string{"000000000042.log", "acked", "meta.json"}) {
		t.Fatalf("files = %v", got)
	}
	want := []SpoolRecord{{42, []byte("a")}, {43, []byte("b")}}
	if got := readPending(t, sp); !reflect.DeepEqual(got, want) {
		t.Fatalf("pending = %v", got)
	}
	if acked, _ := sp.AckedSeq(); acked != 41 {
		t.Fatalf("acked = %d", acked)
	}
	_ = sp.Close(false)
}

func TestSpoolExistedAfterAcksOnly(t *testing.T) {
	dir := t.TempDir()
	sp := mustOpenSpool(t, dir, "s", "")
	if err := sp.MarkAcked(3); err != nil {
		t.Fatal(err)
	}
	_ = sp.Close(false)
	sp = mustOpenSpool(t, dir, "s", "")
	if !sp.Existed() {
		t.Fatal("a spool with an acked seq must count as existing")
	}
	if last, _ := sp.LastSeq(); last != 3 {
		t.Fatalf("last = %d", last)
	}
	_ = sp.Close(false)
}

func TestDefaultSpoolDir(t *testing.T) {
	base := t.TempDir()
	t.Setenv("XDG_DATA_HOME", base)
	dir, err := DefaultSpoolDir("abc")
	if err != nil || dir != filepath.Join(base, "cairn", "spool", "abc") {
		t.Fatalf("DefaultSpoolDir = %q, %v", dir, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", base)
	if dir, _ := DefaultSpoolDir("abc"); dir != filepath.Join(base, ".local", "share", "cairn", "spool", "abc") {
		t.Fatalf("DefaultSpoolDir = %q", dir)
	}
	if a, _ := DefaultSpoolDir(""); filepath.Base(a) == "" || a == filepath.Join(base, ".local", "share", "cairn", "spool") {
		t.Fatalf("DefaultSpoolDir(\"\") = %q", a)
	}
}
