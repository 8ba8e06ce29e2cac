package memory

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/campaign"
	"github.com/partnerkit/partnerkit/internal/text"
	"github.com/partnerkit/partnerkit/productlist"
	"github.com/partnerkit/partnerkit/registration"
	"github.com/partnerkit/partnerkit/storage"
)

// agencies is the Agencies repository of a tx.
type agencies struct{ t *tx }

// Get returns the agency's onboarding, or ErrNotFound.
func (r agencies) Get(id campaign.AgencyID) (campaign.Onboarding, error) {
	if err := r.t.read(); err != nil {
		return campaign.Onboarding{}, err
	}
	if !validKey(string(id)) {
		return campaign.Onboarding{}, invalid("agency", id)
	}
	o, ok := r.t.onboardings.get(id)
	if !ok {
		return o, notFound("agency", id)
	}
	return o, nil
}

// Put creates or replaces the onboarding of o.Agency.
func (r agencies) Put(o campaign.Onboarding) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(o.Agency)) {
		return invalid("agency", o.Agency)
	}
	r.t.onboardings.put(o.Agency, o)
	return nil
}

// campaigns is the Campaigns repository of a tx.
type campaigns struct{ t *tx }

// Get returns the campaign, or ErrNotFound.
func (r campaigns) Get(id campaign.ID) (campaign.Campaign, error) {
	if err := r.t.read(); err != nil {
		return campaign.Campaign{}, err
	}
	if !validKey(string(id)) {
		return campaign.Campaign{}, invalid("campaign", id)
	}
	c, ok := r.t.campaigns.get(id)
	if !ok {
		return c, notFound("campaign", id)
	}
	return c, nil
}

// checkShopCodes returns ErrLimit if c's details or pending edit list more
// than campaign.MaxShopCodes shop codes (C3).
func checkShopCodes(c campaign.Campaign) error {
	n := len(c.Details.Sellers.ShopCodes)
	if c.Pending != nil {
		n = max(n, len(c.Pending.Details.Sellers.ShopCodes))
	}
	if n > campaign.MaxShopCodes {
		return fmt.Errorf("memory: campaign %q has %d shop codes, more than %d: %w",
			c.ID, n, campaign.MaxShopCodes, storage.ErrLimit)
	}
	return nil
}

// Create stores a new campaign: ErrConflict if the id is taken, ErrLimit
// past campaign.MaxShopCodes shop codes.
func (r campaigns) Create(c campaign.Campaign) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(c.ID)) {
		return invalid("campaign", c.ID)
	}
	if r.t.campaigns.has(c.ID) {
		return conflict("campaign", c.ID)
	}
	if err := checkShopCodes(c); err != nil {
		return err
	}
	r.t.campaigns.put(c.ID, c)
	return nil
}

// Update replaces a stored campaign: ErrNotFound, ErrLimit as Create.
func (r campaigns) Update(c campaign.Campaign) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(c.ID)) {
		return invalid("campaign", c.ID)
	}
	if !r.t.campaigns.has(c.ID) {
		return notFound("campaign", c.ID)
	}
	if err := checkShopCodes(c); err != nil {
		return err
	}
	r.t.campaigns.put(c.ID, c)
	return nil
}

// List returns the campaigns q selects, by id.
func (r campaigns) List(q storage.CampaignQuery, p storage.Page) ([]campaign.Campaign, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := checkQuery("agency", string(q.Agency)); err != nil {
		return nil, "", err
	}
	keep := func(c campaign.Campaign) bool {
		return (q.Agency == "" || c.Agency == q.Agency) && (q.Status == 0 || c.Status == q.Status)
	}
	if !q.EditDueBy.IsZero() {
		return r.editsDue(q.EditDueBy, p, keep)
	}
	return page(r.t.campaigns, r.scope(q), "", p, 1, keep)
}

// scope returns the scope a page of q reads: of q's agency or status,
// whichever has fewer campaigns (List re-checks both).
func (r campaigns) scope(q storage.CampaignQuery) scopeKey {
	return r.t.campaigns.narrowest(rowScopes{byAgency: string(q.Agency), byStatus: statusScope(q.Status)})
}

// editsDue returns the page p, by id, of the campaigns keep accepts whose
// pending edit applies at or before by: those of the index of pending
// edits due by then, and those of this transaction's writes, so it reads
// the campaigns with an edit due (a few), not every campaign.
func (r campaigns) editsDue(by time.Time, p storage.Page, keep func(campaign.Campaign) bool) ([]campaign.Campaign, string, error) {
	var after campaign.ID
	if p.After != "" {
		ps, err := storage.DecodeCursor(p.After, 1)
		if err != nil {
			return nil, "", err
		}
		after = campaign.ID(ps[0])
	}
	t := r.t.campaigns
	var ids []campaign.ID
	r.t.editsDue.upTo(by, func(id campaign.ID) bool {
		if _, over := t.writes[id]; !over && id > after {
			ids = append(ids, id)
		}
		return true
	})
	for id, c := range t.writes {
		if !c.deleted && id > after && c.v.Pending != nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	limit := p.Size()
	var out []campaign.Campaign
	for _, id := range ids {
		c, _ := t.peek(id)
		if c.Pending == nil || c.Pending.AppliesAt.After(by) || !keep(c) {
			continue
		}
		if len(out) == limit {
			return out, storage.EncodeCursor(string(out[len(out)-1].ID)), nil
		}
		out = append(out, t.clone(c))
	}
	return out, "", nil
}

// registrations is the Registrations repository of a tx.
type registrations struct{ t *tx }

// Get returns the registration, or ErrNotFound.
func (r registrations) Get(id registration.ID) (registration.Registration, error) {
	if err := r.t.read(); err != nil {
		return registration.Registration{}, err
	}
	if !validKey(string(id)) {
		return registration.Registration{}, invalid("registration", id)
	}
	g, ok := r.t.registrations.get(id)
	if !ok {
		return g, notFound("registration", id)
	}
	return g, nil
}

// Create stores a new registration: ErrConflict if the id or the
// (campaign, shop, product) is taken.
func (r registrations) Create(g registration.Registration) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(g.ID)) {
		return invalid("registration", g.ID)
	}
	uk, err := key("registration campaign/shop/product", string(g.Campaign), string(g.Shop), string(g.Product))
	if err != nil {
		return err
	}
	if r.t.registrations.has(g.ID) {
		return conflict("registration", g.ID)
	}
	if r.t.regKeys.has(uk) {
		return conflict("registration of campaign/shop/product", strings.ReplaceAll(uk, sep, "/"))
	}
	r.t.registrations.put(g.ID, g)
	r.t.regKeys.put(uk, g.ID)
	return nil
}

// Update replaces a stored registration: ErrNotFound, or ErrInvalid if it
// would change the campaign, shop or product.
func (r registrations) Update(g registration.Registration) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(g.ID)) {
		return invalid("registration", g.ID)
	}
	old, ok := r.t.registrations.peek(g.ID)
	if !ok {
		return notFound("registration", g.ID)
	}
	if old.Campaign != g.Campaign || old.Shop != g.Shop || old.Product != g.Product {
		return invalid("registration campaign/shop/product change", g.ID)
	}
	r.t.registrations.put(g.ID, g)
	return nil
}

// List returns the registrations q selects, by id.
func (r registrations) List(q storage.RegistrationQuery, p storage.Page) ([]registration.Registration, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := checkQuery("campaign", string(q.Campaign), "agency", string(q.Agency),
		"shop", string(q.Filter.Shop), "product", string(q.Filter.Product)); err != nil {
		return nil, "", err
	}
	return page(r.t.registrations, r.scope(q), "", p, 1, func(g registration.Registration) bool {
		return (q.Campaign == "" || g.Campaign == q.Campaign) && (q.Agency == "" || g.Agency == q.Agency) &&
			q.Filter.Match(g)
	})
}

// scope returns the scope a page of q reads: of q's campaign, agency or
// shop, whichever has fewest registrations (List re-checks all three).
func (r registrations) scope(q storage.RegistrationQuery) scopeKey {
	return r.t.registrations.narrowest(rowScopes{byCampaign: string(q.Campaign), byAgency: string(q.Agency), byShop: string(q.Filter.Shop)})
}

// lists is the Lists repository of a tx.
type lists struct{ t *tx }

// Get returns the list, or ErrNotFound.
func (r lists) Get(id productlist.ListID) (productlist.List, error) {
	if err := r.t.read(); err != nil {
		return productlist.List{}, err
	}
	if !validKey(string(id)) {
		return productlist.List{}, invalid("list", id)
	}
	l, ok := r.t.lists.get(id)
	if !ok {
		return l, notFound("list", id)
	}
	return l, nil
}

// checkProducts returns ErrLimit if l holds more than
// productlist.MaxProducts products (P2).
func checkProducts(l productlist.List) error {
	if n := len(l.Entries); n > productlist.MaxProducts {
		return fmt.Errorf("memory: list %q has %d products, more than %d: %w",
			l.ID, n, productlist.MaxProducts, storage.ErrLimit)
	}
	return nil
}

// Create stores a new list: ErrConflict if the id is taken, ErrLimit past
// productlist.MaxLists lists for the agency or productlist.MaxProducts
// products.
func (r lists) Create(l productlist.List) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(l.ID)) {
		return invalid("list", l.ID)
	}
	if !validKey(string(l.Agency)) {
		return invalid("list agency", l.Agency)
	}
	if r.t.lists.has(l.ID) {
		return conflict("list", l.ID)
	}
	if err := checkProducts(l); err != nil {
		return err
	}
	n, _ := r.t.listCounts.peek(l.Agency)
	if n >= productlist.MaxLists {
		return fmt.Errorf("memory: agency %q has %d lists already: %w", l.Agency, n, storage.ErrLimit)
	}
	r.t.lists.put(l.ID, l)
	r.t.listCounts.put(l.Agency, n+1)
	return nil
}

// Update replaces a stored list: ErrNotFound, ErrLimit past
// productlist.MaxProducts products, ErrInvalid if the agency changes.
func (r lists) Update(l productlist.List) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(l.ID)) {
		return invalid("list", l.ID)
	}
	old, ok := r.t.lists.peek(l.ID)
	if !ok {
		return notFound("list", l.ID)
	}
	if old.Agency != l.Agency {
		return invalid("list agency change", l.ID)
	}
	if err := checkProducts(l); err != nil {
		return err
	}
	r.t.lists.put(l.ID, l)
	return nil
}

// Delete removes a list, or returns ErrNotFound.
func (r lists) Delete(id productlist.ListID) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(id)) {
		return invalid("list", id)
	}
	old, ok := r.t.lists.peek(id)
	if !ok {
		return notFound("list", id)
	}
	r.t.lists.del(id)
	if n, _ := r.t.listCounts.peek(old.Agency); n > 1 {
		r.t.listCounts.put(old.Agency, n-1)
	} else {
		r.t.listCounts.del(old.Agency)
	}
	return nil
}

// Count returns how many lists the agency has.
func (r lists) Count(agency campaign.AgencyID) (int, error) {
	if err := r.t.read(); err != nil {
		return 0, err
	}
	if !validKey(string(agency)) {
		return 0, invalid("agency", agency)
	}
	n, _ := r.t.listCounts.peek(agency)
	return n, nil
}

// List returns the lists q selects, by id.
func (r lists) List(q storage.ListQuery, p storage.Page) ([]productlist.List, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	if err := checkQuery("agency", string(q.Agency)); err != nil {
		return nil, "", err
	}
	name := text.Fold(q.Name)
	return page(r.t.lists, r.scope(q), "", p, 1, func(l productlist.List) bool {
		return (q.Agency == "" || l.Agency == q.Agency) && strings.Contains(text.Fold(l.Name), name)
	})
}

// scope returns the scope a page of q reads: q's agency's lists.
func (r lists) scope(q storage.ListQuery) scopeKey {
	return r.t.lists.narrowest(rowScopes{byAgency: string(q.Agency)})
}

// bookmarks is the Bookmarks repository of a tx.
type bookmarks struct{ t *tx }

// Get returns the agency's bookmarks, or an empty value for it.
func (r bookmarks) Get(agency campaign.AgencyID) (productlist.Bookmarks, error) {
	if err := r.t.read(); err != nil {
		return productlist.Bookmarks{}, err
	}
	if !validKey(string(agency)) {
		return productlist.Bookmarks{}, invalid("agency", agency)
	}
	b, ok := r.t.bookmarks.get(agency)
	if !ok {
		return productlist.Bookmarks{Agency: agency}, nil
	}
	return b, nil
}

// Put replaces the bookmarks of b.Agency.
func (r bookmarks) Put(b productlist.Bookmarks) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(b.Agency)) {
		return invalid("agency", b.Agency)
	}
	r.t.bookmarks.put(b.Agency, b)
	return nil
}

// showcases is the Showcases repository of a tx.
type showcases struct{ t *tx }

// Get returns the creator's showcase, or an empty value for it.
func (r showcases) Get(creator productlist.CreatorID) (productlist.Showcase, error) {
	if err := r.t.read(); err != nil {
		return productlist.Showcase{}, err
	}
	if !validKey(string(creator)) {
		return productlist.Showcase{}, invalid("creator", creator)
	}
	s, ok := r.t.showcases.get(creator)
	if !ok {
		return productlist.Showcase{Creator: creator}, nil
	}
	return s, nil
}

// Put replaces the showcase of s.Creator.
func (r showcases) Put(s productlist.Showcase) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(s.Creator)) {
		return invalid("creator", s.Creator)
	}
	r.t.showcases.put(s.Creator, s)
	return nil
}

// metrics is the Metrics repository of a tx.
type metrics struct{ t *tx }

// Campaign returns the campaign's metrics, or ErrNotFound.
func (r metrics) Campaign(id campaign.ID) (attribution.CampaignMetrics, error) {
	if err := r.t.read(); err != nil {
		return attribution.CampaignMetrics{}, err
	}
	if !validKey(string(id)) {
		return attribution.CampaignMetrics{}, invalid("campaign", id)
	}
	m, ok := r.t.campaignMetrics.get(id)
	if !ok {
		return m, notFound("campaign metrics", id)
	}
	return m, nil
}

// PutCampaign creates or replaces m.Campaign's metrics.
func (r metrics) PutCampaign(m attribution.CampaignMetrics) error {
	if err := r.t.write(); err != nil {
		return err
	}
	if !validKey(string(m.Campaign)) {
		return invalid("campaign", m.Campaign)
	}
	r.t.campaignMetrics.put(m.Campaign, m)
	return nil
}

// productKey returns the table key of k.
func productKey(k attribution.ProductKey) (string, error) {
	return key("product key", string(k.Campaign), string(k.Product))
}

// Product returns a product's metrics in a campaign, or ErrNotFound.
func (r metrics) Product(k attribution.ProductKey) (attribution.ProductMetrics, error) {
	if err := r.t.read(); err != nil {
		return attribution.ProductMetrics{}, err
	}
	pk, err := productKey(k)
	if err != nil {
		return attribution.ProductMetrics{}, err
	}
	m, ok := r.t.productMetrics.get(pk)
	if !ok {
		return m, notFound("product metrics", k)
	}
	return m, nil
}

// PutProduct creates or replaces m.Key()'s metrics.
func (r metrics) PutProduct(m attribution.ProductMetrics) error {
	if err := r.t.write(); err != nil {
		return err
	}
	pk, err := productKey(m.Key())
	if err != nil {
		return err
	}
	r.t.productMetrics.put(pk, m)
	return nil
}

// Products returns a campaign's product metrics, by product id.
func (r metrics) Products(id campaign.ID, p storage.Page) ([]attribution.ProductMetrics, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	prefix, err := key("campaign", string(id))
	if err != nil {
		return nil, "", err
	}
	return page(r.t.productMetrics, scopeKey{}, prefix+sep, p, 1, nil)
}

// CreatorLines returns the creator's tally in scope, 0 if none.
func (r metrics) CreatorLines(scope string, creator productlist.CreatorID) (int64, error) {
	if err := r.t.read(); err != nil {
		return 0, err
	}
	k, err := key("creator tally", scope, string(creator))
	if err != nil {
		return 0, err
	}
	n, _ := r.t.creatorLines.peek(k)
	return n, nil
}

// SetCreatorLines records the tally; 0 removes it, a negative one is
// ErrInvalid.
func (r metrics) SetCreatorLines(scope string, creator productlist.CreatorID, n int64) error {
	if err := r.t.write(); err != nil {
		return err
	}
	k, err := key("creator tally", scope, string(creator))
	if err != nil {
		return err
	}
	switch {
	case n < 0:
		return invalid("creator tally", n)
	case n == 0:
		r.t.creatorLines.del(k)
	default:
		r.t.creatorLines.put(k, n)
	}
	return nil
}

// progress is the Progress repository of a tx.
type progress struct{ t *tx }

// Get returns the progress, or an empty value for the key.
func (r progress) Get(c campaign.ID, product registration.ProductID, creator productlist.CreatorID) (attribution.Progress, error) {
	if err := r.t.read(); err != nil {
		return attribution.Progress{}, err
	}
	k, err := key("progress", string(c), string(product), string(creator))
	if err != nil {
		return attribution.Progress{}, err
	}
	p, ok := r.t.progress.get(k)
	if !ok {
		return attribution.Progress{Campaign: c, Product: product, Creator: creator}, nil
	}
	return p, nil
}

// Put creates or replaces the progress.
func (r progress) Put(p attribution.Progress) error {
	if err := r.t.write(); err != nil {
		return err
	}
	k, err := key("progress", string(p.Campaign), string(p.Product), string(p.Creator))
	if err != nil {
		return err
	}
	r.t.progress.put(k, p)
	return nil
}

// List returns a campaign's progress records, by product then creator.
func (r progress) List(c campaign.ID, p storage.Page) ([]attribution.Progress, string, error) {
	if err := r.t.read(); err != nil {
		return nil, "", err
	}
	prefix, err := key("campaign", string(c))
	if err != nil {
		return nil, "", err
	}
	return page(r.t.progress, scopeKey{}, prefix+sep, p, 2, nil)
}
