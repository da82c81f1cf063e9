package inventory

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// readConfig reads a config file, or says in Error's style why it cannot:
// missing, a dangling link, a directory, a FIFO or device (refused before
// opening, as reading one could wait for ever), unreadable, or too big.
func readConfig(path string) ([]byte, error) {
	fail := func(msg, fix string) error { return Errors{{File: path, Msg: msg, Fix: fix}} }
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if lst, lerr := os.Lstat(path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return nil, fail(fmt.Sprintf("the file is a link to %q, which does not exist", target), "point the link at a config file, or remove it")
		}
		return nil, fail("no such file", "check the name; site configs are config/<site>.json")
	case errors.Is(err, fs.ErrPermission):
		return nil, fail("permission denied", "let the user running charte read the file and its folder")
	case err != nil:
		return nil, fail(err.Error(), "")
	case st.IsDir():
		return nil, fail("this is a folder, not a file", "give a config file, or move the folder out of the config folder")
	case !st.Mode().IsRegular():
		return nil, fail("this is not a regular file but "+kindOfFile(st.Mode()), "give a plain JSON file")
	case st.Size() > MaxConfigBytes:
		return nil, fail(fmt.Sprintf("the file is %d bytes, more than %d", st.Size(), MaxConfigBytes), "a site config is a few kilobytes: check that this is the right file")
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrPermission) {
		return nil, fail("permission denied", "let the user running charte read the file")
	} else if err != nil {
		return nil, fail(err.Error(), "")
	}
	defer f.Close()
	// The file may have changed since Stat: check what was opened.
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fail("this is not a regular file", "give a plain JSON file")
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigBytes+1))
	if err != nil {
		return nil, fail("cannot read the file: "+err.Error(), "")
	}
	if len(data) > MaxConfigBytes {
		return nil, fail(fmt.Sprintf("the file is more than %d bytes", MaxConfigBytes), "a site config is a few kilobytes: check that this is the right file")
	}
	return data, nil
}

func kindOfFile(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
