package partnerkit

// PendingGroupCalls returns how many IngestEvent calls wait in s's
// group-commit queue (not counting the group running), for tests that
// need callers queued before they go on.
func PendingGroupCalls(s *Service) int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.pending)
}
