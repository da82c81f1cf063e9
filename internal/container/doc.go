// Package container holds the test of Charte's container image, run as an
// operator runs it: `make containertest` builds the image and runs the
// test (build tag container) against a Docker engine.
package container
