package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/gatehouse-iam/gatehouse/wire/iamwire"
)

// The root user's security credentials page: its MFA devices, as AWS's console shows them to
// the root user. A virtual device is created (CreateVirtualMFADevice, its seed shown once as a
// QR code and as text) and enabled with two consecutive codes (EnableMFADevice without a
// UserName, which enables it for the caller: the root user); a passkey is registered with the
// same ceremony as a user's (passkey.go); a device is deactivated with DeactivateMFADevice.
// Each is a call by the root principal, audited as any console action. Once the root user has
// a device, root sign-in asks for it (signin_root.go).

// DefaultRootDeviceName is the name the page proposes for the root user's virtual device (the
// name AWS's console gave it before devices had names of their choice).
const DefaultRootDeviceName = "root-account-mfa-device"

func (c *Console) securityRoutes() {
	m := c.mux
	m.HandleFunc("GET "+Prefix+"/security", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.showSecurity(w, r, s, &view{}, nil)
	}))
	m.HandleFunc("POST "+Prefix+"/security/virtual-mfa", c.signedIn(c.createRootDevice))
	m.HandleFunc("POST "+Prefix+"/security/mfa-enable", c.signedIn(c.enableRootDevice))
	m.HandleFunc("POST "+Prefix+"/security/{action}", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *session) {
		c.act(w, r, s, securityActions, url.Values{}, func(v *view) { c.showSecurity(w, r, s, v, nil) })
	}))
}

// securityDetail is the page: the root user's devices, and the virtual device being set up.
type securityDetail struct {
	Devices []iamwire.MFADevice
	// Pending is the device just created, waiting for its two codes (its seed only right after
	// CreateVirtualMFADevice).
	Pending *pendingDevice
	Name    string
	Errors  sectionErrors
}

// pendingDevice is a virtual device created but not yet enabled.
type pendingDevice struct {
	Serial string
	Seed   string
	QR     template.URL
}

var securityActions = actions{
	"mfa-deactivate": {"DeactivateMFADevice", []string{"SerialNumber"}, "MFA device deactivated."},
	"mfa-delete":     {"DeleteVirtualMFADevice", []string{"SerialNumber"}, "Virtual MFA device deleted."},
}

// showSecurity renders the page; an IAM user's own credentials are on its user page.
func (c *Console) showSecurity(w http.ResponseWriter, r *http.Request, s *session, v *view, pending *pendingDevice) {
	if !s.root {
		redirect(w, r, "/users/"+url.PathEscape(s.user.Name))
		return
	}
	status := v.status()
	v.Title, v.Section = "Security credentials", "security"
	d := &securityDetail{Pending: pending, Name: DefaultRootDeviceName, Errors: sectionErrors{}}
	v.Data = d
	if out, err := call[iamwire.ListMFADevicesOutput](c, r, s, "ListMFADevices", nil); d.Errors.note("mfa", err) {
		d.Devices = out.MFADevices
	}
	c.render(w, r, status, "security", v)
}

// createRootDevice creates a virtual device and shows its seed, this once, with the form for
// its two codes.
func (c *Console) createRootDevice(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.root {
		redirect(w, r, "/security")
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("VirtualMFADeviceName"))
	out, err := call[iamwire.CreateVirtualMFADeviceOutput](c, r, s, "CreateVirtualMFADevice",
		url.Values{"VirtualMFADeviceName": {name}})
	if err != nil {
		c.afterAction(w, r, err, func(v *view) { c.showSecurity(w, r, s, v, nil) })
		return
	}
	d := out.VirtualMFADevice
	p := &pendingDevice{Serial: d.SerialNumber, Seed: string(d.Base32StringSeed),
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(d.QRCodePNG))}
	c.showSecurity(w, r, s, &view{Notice: "Scan the code, or type the key, into your authenticator app; then enter two consecutive codes."}, p)
}

// enableRootDevice enables a virtual device for the root user with two consecutive codes: the
// API's EnableMFADevice without a UserName.
func (c *Console) enableRootDevice(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.root {
		redirect(w, r, "/security")
		return
	}
	f := r.PostForm
	in := &iamwire.EnableMFADeviceInput{SerialNumber: f.Get("SerialNumber"),
		AuthenticationCode1: strings.TrimSpace(f.Get("AuthenticationCode1")),
		AuthenticationCode2: strings.TrimSpace(f.Get("AuthenticationCode2"))}
	params := url.Values{"SerialNumber": {in.SerialNumber}, "AuthenticationCode1": {in.AuthenticationCode1},
		"AuthenticationCode2": {in.AuthenticationCode2}}
	if _, err := c.invokeBuilt(r, s, "EnableMFADevice", params, in); err != nil {
		// The device stays created: the form asks for its codes again (the seed is not shown twice).
		c.afterAction(w, r, err, func(v *view) { c.showSecurity(w, r, s, v, &pendingDevice{Serial: in.SerialNumber}) })
		return
	}
	c.showSecurity(w, r, s, &view{Notice: "MFA device assigned. Root sign-in now asks for its code."}, nil)
}
