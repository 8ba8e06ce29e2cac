package campaign

// AgencyID identifies an agency (the partner that runs campaigns).
type AgencyID string

// ID identifies a campaign.
type ID string

// ShopCode identifies a seller's shop, such as "USABC123".
type ShopCode string
