package registration

// ID identifies a registration: one shop's product in one campaign.
type ID string

// ProductID identifies a seller's product.
type ProductID string
