package cairn

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
)

// The spool format, shared with the Python SDK (cairn/spool.py) and the other
// clients, so a spool left by one language's streamer can be resent by
// another's (or by `cairn sync DIR`):
//
//	meta.json          {"stream_id": "...", "address": "host:port"}
//	acked              the highest acknowledged seq, in decimal
//	NNNNNNNNNNNN.log   segments named by their first seq (%012d), holding
//	                   records [seq u64 LE][length u32 LE][crc32 u32 LE][body],
//	                   body being a serialized cairn.v1.StreamData and crc32
//	                   the IEEE (zlib) checksum of body.
const (
	spoolHeaderBytes  = 16
	spoolSegmentBytes = 64 << 20
	spoolMetaFile     = "meta.json"
	spoolAckedFile    = "acked"
)

// SpoolRecord is one spooled message: its seq and serialized StreamData.
type SpoolRecord struct {
	Seq  int64
	Body []byte
}

// Spool is a metric streamer's local log: every sequenced message is appended
// to it before it is sent, and the highest acknowledged seq is recorded as
// acks arrive. A process killed mid-run, or one that never reached the
// server, leaves a spool that a new Streamer on the same directory (or
// `cairn sync DIR`) resends; the server's per-stream dedup makes that
// exactly-once.
//
// The on-disk format is the Python SDK's, byte for byte. A Spool is not safe
// for concurrent use.
type Spool struct {
	dir      string
	streamID string
	address  string
	existed  bool
	fsync    bool

	file         *os.File
	fileBytes    int64
	ackedWritten int64
	segmentBytes int64 // segment size at which Append starts a new one
}

// SpoolExists reports whether dir holds a spool (a meta.json).
func SpoolExists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, spoolMetaFile))
	return err == nil
}

// DefaultSpoolDir is where an offline streamer without a spool directory
// spools: $XDG_DATA_HOME/cairn/spool/<streamID>, or
// ~/.local/share/cairn/spool/<streamID> (as the Python SDK's
// default_spool_dir). An empty streamID takes a random one.
func DefaultSpoolDir(streamID string) (string, error) {
	if streamID == "" {
		var b [16]byte
		_, _ = rand.Read(b[:])
		streamID = hex.EncodeToString(b[:])
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cairn: default spool directory: %w", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "cairn", "spool", streamID), nil
}

// OpenSpool opens the spool in dir, creating the directory and its meta.json
// if needed. An existing meta.json wins: its stream id (and address, when it
// has one) replace the arguments. With fsync, every Append is synced to disk
// before it returns.
func OpenSpool(dir, streamID, address string, fsync bool) (*Spool, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("cairn: spool: %w", err)
	}
	s := &Spool{dir: dir, streamID: streamID, address: address, fsync: fsync, segmentBytes: spoolSegmentBytes}
	meta := filepath.Join(dir, spoolMetaFile)
	raw, err := os.ReadFile(meta)
	switch {
	case err == nil:
		var data map[string]any
		if err := json.Unmarshal(raw, &data); err != nil {
			return nil, fmt.Errorf("cairn: spool %s: meta.json: %w", dir, err)
		}
		id, ok := data["stream_id"].(string)
		if !ok {
			return nil, fmt.Errorf("cairn: spool %s: meta.json has no stream_id string", dir)
		}
		s.streamID = id
		if addr, ok := data["address"].(string); ok {
			s.address = addr
		}
	case errors.Is(err, fs.ErrNotExist):
		// Python's json.dumps layout, so both languages write the same bytes.
		text := `{"stream_id": ` + pyJSONString(streamID) + `, "address": ` + pyJSONString(address) + `}`
		if err := writeFileAtomic(filepath.Join(dir, "meta.tmp"), meta, text); err != nil {
			return nil, fmt.Errorf("cairn: spool %s: %w", dir, err)
		}
	default:
		return nil, fmt.Errorf("cairn: spool %s: %w", dir, err)
	}
	acked, err := s.AckedSeq()
	if err != nil {
		return nil, err
	}
	segments, err := s.segments()
	if err != nil {
		return nil, err
	}
	s.existed = len(segments) > 0 || acked > 0
	s.ackedWritten = acked
	return s, nil
}

// Dir returns the spool's directory.
func (s *Spool) Dir() string { return s.dir }

// StreamID returns the stream id recorded in meta.json.
func (s *Spool) StreamID() string { return s.streamID }

// Address returns the server address recorded in meta.json.
func (s *Spool) Address() string { return s.address }

// Existed reports whether the spool held messages or an acknowledged seq
// when it was opened (a streamer resuming it must not renumber them).
func (s *Spool) Existed() bool { return s.existed }

// AckedSeq returns the highest acknowledged seq recorded (0 if none).
func (s *Spool) AckedSeq() (int64, error) {
	raw, err := os.ReadFile(filepath.Join(s.dir, spoolAckedFile))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	text := strings.TrimSpace(string(raw))
	if text == "" {
		return 0, nil
	}
	seq, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("cairn: spool %s: acked: %w", s.dir, err)
	}
	return seq, nil
}

// segments lists the segment files, in order.
func (s *Spool) segments() ([]string, error) {
	entries, err := os.ReadDir(s.dir) // sorted by name
	if err != nil {
		return nil, fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".log") {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// Pending calls fn with every message after the acknowledged seq, in order,
// and stops at fn's first error. body is only valid during the call. A torn
// record (the process died mid-write) is cut off: the segment is truncated
// before it and reading goes on with the next segment.
func (s *Spool) Pending(fn func(seq int64, body []byte) error) error {
	acked, err := s.AckedSeq()
	if err != nil {
		return err
	}
	segments, err := s.segments()
	if err != nil {
		return err
	}
	for _, name := range segments {
		path := filepath.Join(s.dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
		}
		pos := 0
		for pos < len(data) {
			if len(data)-pos < spoolHeaderBytes {
				// A torn header: cut it off too, or a record appended to
				// this segment later would be read from the wrong offset.
				if err := os.Truncate(path, int64(pos)); err != nil {
					return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
				}
				break
			}
			seq := int64(binary.LittleEndian.Uint64(data[pos:]))
			length := uint64(binary.LittleEndian.Uint32(data[pos+8:]))
			crc := binary.LittleEndian.Uint32(data[pos+12:])
			start := pos + spoolHeaderBytes
			if uint64(len(data)-start) < length || crc32.ChecksumIEEE(data[start:start+int(length)]) != crc {
				if err := os.Truncate(path, int64(pos)); err != nil {
					return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
				}
				break
			}
			pos = start + int(length)
			if seq > acked {
				if err := fn(seq, data[start:pos]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// LastSeq returns the seq of the last spooled message, or the acknowledged
// seq if nothing is pending.
func (s *Spool) LastSeq() (int64, error) {
	last, err := s.AckedSeq()
	if err != nil {
		return 0, err
	}
	err = s.Pending(func(seq int64, _ []byte) error {
		last = seq
		return nil
	})
	return last, err
}

// Append writes one message, starting a new segment (named by seq) when the
// current one has reached 64 MiB.
func (s *Spool) Append(seq int64, body []byte) error {
	if s.file == nil || s.fileBytes >= s.segmentBytes {
		if err := s.roll(seq); err != nil {
			return err
		}
	}
	record := make([]byte, spoolHeaderBytes+len(body))
	binary.LittleEndian.PutUint64(record, uint64(seq))
	binary.LittleEndian.PutUint32(record[8:], uint32(len(body)))
	binary.LittleEndian.PutUint32(record[12:], crc32.ChecksumIEEE(body))
	copy(record[spoolHeaderBytes:], body)
	n, err := s.file.Write(record)
	s.fileBytes += int64(n)
	if err != nil {
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	if s.fsync {
		if err := s.file.Sync(); err != nil {
			return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
		}
	}
	return nil
}

func (s *Spool) roll(seq int64) error {
	if s.file != nil {
		err := s.file.Close()
		s.file = nil
		if err != nil {
			return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
		}
	}
	path := filepath.Join(s.dir, segmentName(seq))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	s.file, s.fileBytes = f, info.Size()
	return nil
}

func segmentName(seq int64) string { return fmt.Sprintf("%012d.log", seq) }

// MarkAcked records seq as acknowledged (atomically: acked.tmp, then a
// rename) and deletes the segments every message of which is acknowledged,
// never the last one. A seq at or below the recorded one is a no-op.
func (s *Spool) MarkAcked(seq int64) error {
	if seq <= s.ackedWritten {
		return nil
	}
	err := writeFileAtomic(filepath.Join(s.dir, spoolAckedFile+".tmp"), filepath.Join(s.dir, spoolAckedFile),
		strconv.FormatInt(seq, 10))
	if err != nil {
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	s.ackedWritten = seq
	segments, err := s.segments()
	if err != nil {
		return err
	}
	// A segment whose successor starts at or below seq+1 is fully acked.
	for i := 0; i+1 < len(segments); i++ {
		next, err := strconv.ParseInt(strings.TrimSuffix(segments[i+1], ".log"), 10, 64)
		if err != nil || next > seq+1 {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, segments[i])); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
		}
	}
	return nil
}

// Rebase rewrites the log after the server assigned the stream a later
// start: every segment is deleted, acked is recorded and messages (already
// renumbered) are appended.
func (s *Spool) Rebase(acked int64, messages []SpoolRecord) error {
	if err := s.closeFile(); err != nil {
		return err
	}
	segments, err := s.segments()
	if err != nil {
		return err
	}
	for _, name := range segments {
		if err := os.Remove(filepath.Join(s.dir, name)); err != nil {
			return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
		}
	}
	s.ackedWritten = -1
	if err := s.MarkAcked(acked); err != nil {
		return err
	}
	for _, m := range messages {
		if err := s.Append(m.Seq, m.Body); err != nil {
			return err
		}
	}
	return nil
}

func (s *Spool) closeFile() error {
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	s.file = nil
	if err != nil {
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	return nil
}

// Close closes the open segment. With removeIfDone, a spool whose every
// message is acknowledged is deleted, directory and all.
func (s *Spool) Close(removeIfDone bool) error {
	if err := s.closeFile(); err != nil {
		return err
	}
	if !removeIfDone {
		return nil
	}
	last, err := s.LastSeq()
	if err != nil {
		return err
	}
	acked, err := s.AckedSeq()
	if err != nil {
		return err
	}
	if last > acked {
		return nil
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(s.dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
		}
	}
	if err := os.Remove(s.dir); err != nil {
		return fmt.Errorf("cairn: spool %s: %w", s.dir, err)
	}
	return nil
}

// writeFileAtomic writes text to tmp and renames it over path.
func writeFileAtomic(tmp, path, text string) error {
	if err := os.WriteFile(tmp, []byte(text), 0o666); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// pyJSONString encodes s as Python's json.dumps does by default
// (ensure_ascii): printable ASCII is kept except `"` and `\`, and everything
// else becomes \n, \t, ... or \uXXXX (a surrogate pair above U+FFFF).
func pyJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		case r < 0x80:
			b.WriteRune(r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
