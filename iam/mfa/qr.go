package mfa

import (
	"fmt"

	"rsc.io/qr"
)

// qrPNG renders text as the PNG of a QR code, as AWS's QRCodePNG: medium error correction (the
// level authenticator apps read reliably from a screen), eight pixels a module, with the
// four-module quiet zone the QR standard asks for.
func qrPNG(text string) ([]byte, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("mfa: encoding the QR code: %w", err)
	}
	return c.PNG(), nil
}
