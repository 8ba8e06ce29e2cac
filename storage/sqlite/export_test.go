package sqlite

import "context"

// OpenVersion opens path migrated only up to schema version v, as an older
// partnerkit would have left it.
func OpenVersion(ctx context.Context, path string, v int) (*Store, error) {
	return Open(ctx, path, Options{version: v})
}

// Statements returns the SQL texts the writer has prepared and cached: the
// statements Updates ran.
func (s *Store) Statements() []string {
	var texts []string
	for text := range s.stmts {
		texts = append(texts, text)
	}
	return texts
}
