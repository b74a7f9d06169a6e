package kvtest

// TB is the part of testing.TB that the test helpers of this package use ([NewTestCluster],
// [AssertLinearizable]); *testing.T and *testing.B satisfy it. (The package does not import
// testing, so that the bench commands can use it.)
type TB interface {
	Helper()
	TempDir() string
	Cleanup(func())
	Failed() bool
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}
