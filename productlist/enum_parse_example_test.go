package productlist_test

import (
	"errors"
	"fmt"

	"github.com/partnerkit/partnerkit/productlist"
)

// ParseLinkKind reads back the code LinkKind.String stores: "list" or
// "product", without the Link prefix of the Go name. Anything else returns
// the zero LinkKind (printed "invalid") and an error wrapping ErrInvalid.
func ExampleParseLinkKind() {
	for _, in := range []string{"product", "link_product", ""} {
		k, err := productlist.ParseLinkKind(in)
		fmt.Printf("%q: %v %v\n", in, k, errors.Is(err, productlist.ErrInvalid))
	}
	// Output:
	// "product": product false
	// "link_product": invalid true
	// "": invalid true
}

// ParseKeyState reads back the code KeyState.String stores, such as
// "verifying" for KeyVerifying; codes are lower case and matched exactly.
func ExampleParseKeyState() {
	s, err := productlist.ParseKeyState("verifying")
	fmt.Println(s == productlist.KeyVerifying, s, err)
	_, err = productlist.ParseKeyState("Verifying")
	fmt.Println(errors.Is(err, productlist.ErrInvalid))
	// Output:
	// true verifying <nil>
	// true
}

// ParseBookmarkFilter reads back the code BookmarkFilter.String stores,
// the form a query parameter carries. AllProducts's code is "all".
func ExampleParseBookmarkFilter() {
	for _, in := range []string{"all", "not_bookmarked", "all_products"} {
		f, err := productlist.ParseBookmarkFilter(in)
		fmt.Printf("%q: %v %v\n", in, f, errors.Is(err, productlist.ErrInvalid))
	}
	// Output:
	// "all": all false
	// "not_bookmarked": not_bookmarked false
	// "all_products": invalid true
}
