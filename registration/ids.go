package registration

// ID identifies a registration: one shop's product in one campaign.
type ID string

// ProductID identifies a product on the platform. Like TikTok Shop's
// product ids it is unique across shops, so a campaign holds a product at
// most once (R1), and metrics and collaboration progress key on it.
type ProductID string
