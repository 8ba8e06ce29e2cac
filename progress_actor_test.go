package partnerkit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/partnerkit/partnerkit"
	"github.com/partnerkit/partnerkit/attribution"
	"github.com/partnerkit/partnerkit/productlist"
)

// A3, A4: a creator records only its own progress. A Collaboration naming
// another creator than the acting one is another party's record: it is
// ErrNotFound (never ErrForbidden, as the isolation test demands), does not
// echo the other creator's id, and writes nothing (it wrote the actor's own
// progress); empty or the actor's own id is the actor.
func TestCreatorProgressRefusesAnotherCreator(t *testing.T) {
	w := newWorld(t)
	w.accept(w.maya, w.listLink)
	w.accept(w.leo, w.listLink)
	leos := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: w.leo.ID}
	for _, call := range []struct {
		name string
		do   func(partnerkit.Collaboration) error
	}{
		{"RequestSample", func(k partnerkit.Collaboration) error {
			_, err := w.svc.RequestSample(w.ctx, w.maya, k, "s1", 1)
			return err
		}},
		{"RecordContent", func(k partnerkit.Collaboration) error {
			_, err := w.svc.RecordContent(w.ctx, w.maya, k, "v1", attribution.Video)
			return err
		}},
	} {
		err := call.do(leos)
		if !errors.Is(err, partnerkit.ErrNotFound) || errors.Is(err, partnerkit.ErrForbidden) || strings.Contains(err.Error(), string(w.leo.ID)) {
			t.Errorf("%s(maya naming leo) = %v, want ErrNotFound, not naming leo", call.name, err)
		}
	}
	if ps, _, err := w.svc.CollaborationProgress(w.ctx, w.agency, w.camp.ID, partnerkit.Page{}); err != nil || len(ps) != 0 {
		t.Fatalf("CollaborationProgress after refused calls = %+v, %v; want none", ps, err)
	}

	for content, creator := range map[attribution.ContentID]productlist.CreatorID{"v-empty": "", "v-maya": w.maya.ID} {
		own := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: creator}
		if _, err := w.svc.RecordContent(w.ctx, w.maya, own, content, attribution.Video); err != nil {
			t.Errorf("RecordContent(maya, creator %q) = %v, want nil", creator, err)
		}
	}
	ps, _, err := w.svc.CollaborationProgress(w.ctx, w.agency, w.camp.ID, partnerkit.Page{})
	if err != nil || len(ps) != 1 || ps[0].Creator != w.maya.ID || len(ps[0].Content) != 2 {
		t.Errorf("CollaborationProgress = %+v, %v; want maya's two videos only", ps, err)
	}
}

// A3: an agency names a collaboration whole. One without its creator or
// product, or with one no record can have (NUL, invalid UTF-8), is a
// *FieldError naming the field, not the store's key for it, and changes
// nothing.
func TestAgencySampleCallsNameBadCollaborationFields(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			w := open(t)
			w.accept(w.maya, w.listLink)
			mine := partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product}
			if _, err := w.svc.RequestSample(w.ctx, w.maya, mine, "s1", 1); err != nil {
				t.Fatal(err)
			}
			before := w.snapshot()
			for _, tt := range []struct {
				k     partnerkit.Collaboration
				field string
			}{
				{mine, "creator"},
				{partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: "a\x00b"}, "creator"},
				{partnerkit.Collaboration{Campaign: w.camp.ID, Product: w.serum.Product, Creator: "bad \xff utf8"}, "creator"},
				{partnerkit.Collaboration{Campaign: w.camp.ID, Creator: w.maya.ID}, "product"},
				{partnerkit.Collaboration{Campaign: w.camp.ID, Product: "p\x00", Creator: w.maya.ID}, "product"},
			} {
				_, errStatus := w.svc.SetSampleStatus(w.ctx, w.agency, tt.k, "s1", attribution.SampleApproved)
				_, errQty := w.svc.SetSampleQuantity(w.ctx, w.agency, tt.k, "s1", 2)
				for _, err := range []error{errStatus, errQty} {
					var fe *partnerkit.FieldError
					if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, partnerkit.ErrInvalid) {
						t.Errorf("agency call on %+v = %v, want a *FieldError for %q wrapping ErrInvalid", tt.k, err, tt.field)
					}
				}
			}
			if after := w.snapshot(); after != before {
				t.Errorf("refused calls changed the store:\n%s\nwas\n%s", after, before)
			}
		})
	}
}
