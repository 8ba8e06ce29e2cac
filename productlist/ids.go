package productlist

// ListID identifies an agency's product list.
type ListID string

// CreatorID identifies a creator.
type CreatorID string
