// Package resources holds archetype resources: the bridge between generated code and channels, mailboxes, failure detectors, leader election, files, persistent storage and timers.
package resources
