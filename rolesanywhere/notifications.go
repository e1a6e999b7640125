package rolesanywhere

import (
	"context"

	"github.com/gatehouse-iam/gatehouse/op"
	"github.com/gatehouse-iam/gatehouse/wire/rolesanywherewire"
)

// Notification settings of trust anchors: each (event, channel) has a setting; the defaults
// (defaultNotifications) are configured by the service, custom ones by the account (API reference,
// NotificationSettingDetail.configuredBy: "for customized notifications settings, it is the
// respective account ID").

func channelOf(c *rolesanywherewire.NotificationChannel) rolesanywherewire.NotificationChannel {
	if c == nil {
		return rolesanywherewire.NotificationChannelAll
	}
	return *c
}

// putNotifications replaces the settings of the events and channels given.
func putNotifications(ta *resource, settings []rolesanywherewire.NotificationSetting, by string) error {
	for _, n := range settings {
		ch := channelOf(n.Channel)
		d := rolesanywherewire.NotificationSettingDetail{Enabled: n.Enabled, Event: n.Event, Threshold: n.Threshold, Channel: &ch, ConfiguredBy: &by}
		if d.Threshold == nil {
			t := int32(defaultThreshold)
			d.Threshold = &t
		}
		replaced := false
		for i, cur := range ta.Notifications {
			if cur.Event == n.Event && channelOf(cur.Channel) == ch {
				ta.Notifications[i], replaced = d, true
			}
		}
		if !replaced {
			ta.Notifications = append(ta.Notifications, d)
		}
	}
	return nil
}

var putNotificationSettings = &op.Op[*Service, rolesanywherewire.PutNotificationSettingsInput, rolesanywherewire.PutNotificationSettingsOutput, *resource]{
	Name:    "PutNotificationSettings",
	Action:  "rolesanywhere:PutNotificationSettings",
	Resolve: trustAnchorID(func(in *rolesanywherewire.PutNotificationSettingsInput) string { return in.TrustAnchorId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.PutNotificationSettingsInput, *resource]) (*rolesanywherewire.PutNotificationSettingsOutput, error) {
		ta, err := s.change(ctx, r.Account(), r.Entity(), func(ta *resource) error {
			return putNotifications(ta, r.In.NotificationSettings, r.Account())
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.PutNotificationSettingsOutput{TrustAnchor: ta.trustAnchor()}, nil
	},
}

var resetNotificationSettings = &op.Op[*Service, rolesanywherewire.ResetNotificationSettingsInput, rolesanywherewire.ResetNotificationSettingsOutput, *resource]{
	Name:    "ResetNotificationSettings",
	Action:  "rolesanywhere:ResetNotificationSettings",
	Resolve: trustAnchorID(func(in *rolesanywherewire.ResetNotificationSettingsInput) string { return in.TrustAnchorId }),
	Handle: func(s *Service, ctx context.Context, r *op.Request[rolesanywherewire.ResetNotificationSettingsInput, *resource]) (*rolesanywherewire.ResetNotificationSettingsOutput, error) {
		ta, err := s.change(ctx, r.Account(), r.Entity(), func(ta *resource) error {
			for _, k := range r.In.NotificationSettingKeys {
				for _, d := range defaultNotifications() {
					if d.Event == k.Event {
						putNotifications(ta, []rolesanywherewire.NotificationSetting{{Enabled: d.Enabled, Event: d.Event,
							Threshold: d.Threshold, Channel: k.Channel}}, serviceName)
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &rolesanywherewire.ResetNotificationSettingsOutput{TrustAnchor: ta.trustAnchor()}, nil
	},
}
