// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// registration_test.json: scenarios of the key directory, handle
// verification and alerts (docs/spec.md §9), run by the scenario engine
// (conformance/runner/scenario.h, docs/conformance.md). Nothing here is
// random: keys and tokens are made by the implementation and referred to by
// the names steps capture them under.
#include "generate.h"
#include "scenario_steps.h"

namespace imref::vectorgen {

namespace {

Step request(const std::string& name, const std::string& acct, Json extra = Json::object()) {
  Json r = {{"device", name}, {"account", acct}};
  for (auto& [k, v] : extra.items()) r[k] = v;
  return std::move(Step("device.registration_request", std::move(r)).capture("req", "request"));
}

Step submit(Json req = "$req") {
  return Step("dir.register", {{"request", std::move(req)}});
}

// req_with is the captured request with one field replaced.
Json req_with(const std::string& key, Json value) {
  Json r;
  for (const char* k : {"account", "push_token", "identity", "encryption_public", "timestamp",
                        "nonce", "signature"})
    r[k] = std::string("$req.") + k;
  r[key] = std::move(value);
  return r;
}

Steps carrier(const std::string& name, bool zero_rated, const std::string& sim,
              const std::string& phone) {
  return {Step("carrier.create", {{"carrier", name}, {"zero_rated", zero_rated}}),
          Step("carrier.issue_sim", {{"carrier", name}, {"sim", sim}, {"phone", phone}})};
}

Step add_phone(const std::string& acct, const std::string& phone, const std::string& carrier,
               const std::string& sim, bool consent) {
  return Step("phone.add", {{"account", acct},
                            {"phone", phone},
                            {"carrier", carrier},
                            {"sim", sim},
                            {"consent", consent}});
}

Step lookup(const std::string& handle) {
  return Step("dir.lookup", {{"handle", handle}});
}
Step alerts(const std::string& dev) {
  return Step("alerts.read", {{"device", dev}});
}

Json alert(const std::string& kind, const std::string& what) {
  return {{"kind", kind}, {"what", what}};
}
Json device_alert(const std::string& dev) {
  return alert("device", "$" + dev + ".push_token");
}

const std::vector<std::string> kLookupFields = {"identity", "encryption_public", "push_token"};

// One account "alice" with device "phone" and verified address a@example.com.
Steps alice_with_phone() {
  return Steps{account("alice"), device("phone", "alice")} + verify_email("alice", "a@example.com");
}

Json notes() {
  Json n;
  note(n, "Lookup", "BASIC",
       "A lookup of a verified handle gives every device of the account, public material only.");
  note(n, "Alerts", "BASIC", "Who is alerted, about what, how often, in which order.");
  note(n, "EmailVerification", "BASIC", "An address is confirmed with the token mailed to it.");
  note(n, "PhoneVerification", "BASIC", "A number is verified by the carrier for a SIM.");
  note(n, "Removal", "BASIC", "A removed device or handle disappears from lookups at once.");
  note(n, "Registration", "BASIC", "A properly signed, fresh registration is accepted.");
  note(n, "UnverifiedHandle", "MISSING_STEP",
       "A handle that is not (or no longer) verified is looked up. A directory that publishes "
       "pending addresses lets anyone claim anyone's address.");
  note(n, "ReusedToken", "MISSING_STEP",
       "A confirmation token is used a second time. It must be spent by its first use.");
  note(n, "ExpiredToken", "MISSING_STEP",
       "A confirmation token is used 24 h or more after it was sent.");
  note(n, "WrongAccountToken", "MISSING_STEP",
       "Another account presents a confirmation token: it would take over the address.");
  note(n, "ForgedToken", "MISSING_STEP", "A token that was never mailed.");
  note(n, "WrongSigner", "MISSING_STEP",
       "The registration is signed by another device's key, or altered after signing: without "
       "proof of possession anyone could publish keys they do not hold.");
  note(n, "ReplayedRequest", "MISSING_STEP",
       "A registration request is sent again (same nonce) or with a timestamp outside the 300 s "
       "window.");
  note(n, "NoConsent", "MISSING_STEP",
       "A number on a carrier whose SMS is not zero-rated is added without the user's consent.");
  note(n, "NotAttested", "MISSING_STEP", "The carrier does not attest this number for this SIM.");
  note(n, "MalformedHandle", "MODIFIED_PARAMETER", "A phone number or address of the wrong form.");
  note(n, "BadRequest", "MODIFIED_PARAMETER",
       "A registration or handle request with an unknown account, a wrong-size field, a taken "
       "push token or handle, or an unknown device or handle.");
  note(n, "NoStateChange", "MISSING_STEP",
       "After a refused request, lookups and alerts show that nothing changed.");
  note(n, "OfflineAlerts", "MISSING_STEP",
       "A device that is offline receives the alerts queued for it when it connects.");
  note(n, "AfterFirstUnlock", "MISSING_STEP",
       "A device is rebooted: until the passcode is entered its private keys (in its keychain) "
       "must be out of reach, so it can neither sign, send nor open anything, and pushes wait. "
       "A device that uses its keys before the first unlock keeps them in the clear at rest.");
  note(n, "WrongPasscode", "MODIFIED_PARAMETER",
       "A device is unlocked with another passcode: refused, and the keys stay out of reach.");
  note(n, "ScreenLock", "BASIC",
       "After the first unlock a locked screen does not take the keys away: a locked device "
       "still sends and receives.");
  return n;
}

// Lookup (REQ-DIR-1): verified handles give every device, public material only.
void lookup_cases(TestList& l) {
  add_scenario(l, "lookup-verified-email",
               "one device, one confirmed address: the lookup gives the device",
               {"Lookup", "EmailVerification"}, {"REQ-DIR-1", "REQ-VERIFY-1"},
               Steps{account("alice"), device("phone", "alice").hex("push_token", 32),
                     Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
                     Step("email.read", {{"email", "a@example.com"}})
                         .count("tokens", 1)
                         .hex("tokens.0", 16)
                         .capture("token", "tokens.0"),
                     Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
                     lookup("a@example.com")
                         .count("devices", 1)
                         .keys("devices", kLookupFields)
                         .field("devices.0.identity", "$phone.identity")
                         .field("devices.0.encryption_public", "$phone.encryption_public")
                         .field("devices.0.push_token", "$phone.push_token")});
  add_scenario(l, "lookup-every-device",
               "three devices: the lookup gives all three, in registration order", {"Lookup"},
               {"REQ-DIR-1"},
               alice_with_phone() +
                   Steps{device("mac", "alice"), device("ipad", "alice"),
                         lookup("a@example.com")
                             .count("devices", 3)
                             .keys("devices", kLookupFields)
                             .field("devices.0.push_token", "$phone.push_token")
                             .field("devices.1.push_token", "$mac.push_token")
                             .field("devices.2.identity", "$ipad.identity")
                             .field("devices.2.encryption_public", "$ipad.encryption_public")});
  add_scenario(l, "lookup-before-verification", "an added but unconfirmed address is not found",
               {"UnverifiedHandle"}, {"REQ-VERIFY-1"},
               Steps{account("alice"), device("phone", "alice"),
                     Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
                     lookup("a@example.com").error("unknown_handle")},
               "unknown_handle");
  add_scenario(l, "lookup-after-verification", "the same address is found once it is confirmed",
               {"EmailVerification"}, {"REQ-VERIFY-1"},
               Steps{account("alice"), device("phone", "alice"),
                     Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
                     lookup("a@example.com").error("unknown_handle"),
                     Step("email.read", {{"email", "a@example.com"}}).capture("token", "tokens.0"),
                     Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
                     lookup("a@example.com").count("devices", 1)});
  add_scenario(l, "lookup-unknown-handle", "a well-formed handle nobody verified",
               {"UnverifiedHandle"}, {"REQ-DIR-1"},
               Steps{lookup("nobody@example.com").error("unknown_handle")}, "unknown_handle");
  add_scenario(l, "lookup-malformed-handle", "a handle that is neither E.164 nor an address",
               {"MalformedHandle"}, {"REQ-DIR-5"}, Steps{lookup("alice").error("invalid_handle")},
               "invalid_handle");
}

// Email tokens (REQ-VERIFY-1, -2): one use, within 24 h, by the account they were mailed to.
void email_token_cases(TestList& l) {
  add_scenario(
      l, "email-token-reused", "a spent token is refused", {"ReusedToken"}, {"REQ-VERIFY-2"},
      alice_with_phone() + Steps{Step("email.confirm", {{"account", "alice"}, {"token", "$token"}})
                                     .error("bad_token")},
      "bad_token");
  add_scenario(
      l, "email-token-reused-after-removal", "a spent token does not bring back a removed address",
      {"ReusedToken", "UnverifiedHandle"}, {"REQ-VERIFY-2", "REQ-DIR-6"},
      alice_with_phone() +
          Steps{
              Step("handle.remove", {{"account", "alice"}, {"handle", "a@example.com"}}),
              Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}).error("bad_token"),
              lookup("a@example.com").error("unknown_handle")},
      "bad_token");
  const Steps pending = {
      account("alice"), device("phone", "alice"),
      Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
      Step("email.read", {{"email", "a@example.com"}}).capture("token", "tokens.0")};
  add_scenario(
      l, "email-token-expired", "a token used 86,400 s after it was sent is refused",
      {"ExpiredToken"}, {"REQ-VERIFY-2"},
      pending +
          Steps{
              Step("clock.advance", {{"seconds", 86400}}),
              Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}).error("bad_token"),
              lookup("a@example.com").error("unknown_handle")},
      "bad_token");
  add_scenario(l, "email-token-last-second", "a token used 86,399 s after it was sent is accepted",
               {"EmailVerification"}, {"REQ-VERIFY-2"},
               pending + Steps{Step("clock.advance", {{"seconds", 86399}}),
                               Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
                               lookup("a@example.com").count("devices", 1)});
  add_scenario(
      l, "email-token-wrong-account",
      "another account presents alice's token; alice can still use it", {"WrongAccountToken"},
      {"REQ-VERIFY-2"},
      pending +
          Steps{account("bob"), device("bobphone", "bob"),
                Step("email.confirm", {{"account", "bob"}, {"token", "$token"}}).error("bad_token"),
                lookup("a@example.com").error("unknown_handle"),
                Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
                lookup("a@example.com").field("devices.0.push_token", "$phone.push_token")},
      "bad_token");
  add_scenario(
      l, "email-token-forged", "a token that was never mailed", {"ForgedToken"}, {"REQ-VERIFY-2"},
      pending + Steps{Step("email.confirm",
                           {{"account", "alice"}, {"token", "00000000000000000000000000000000"}})
                          .error("bad_token"),
                      lookup("a@example.com").error("unknown_handle")},
      "bad_token");
}

// Addresses another account holds or that are malformed (REQ-VERIFY-3, REQ-DIR-5).
void email_address_cases(TestList& l) {
  add_scenario(
      l, "email-taken-by-other-account", "an address verified for alice cannot be added by bob",
      {"BadRequest"}, {"REQ-VERIFY-3"},
      alice_with_phone() +
          Steps{account("bob"), Step("email.add", {{"account", "bob"}, {"email", "a@example.com"}})
                                    .error("duplicate")},
      "duplicate");
  for (const auto& [name, email] : std::vector<std::pair<std::string, std::string>>{
           {"email-malformed-no-at", "alice.example.com"},
           {"email-malformed-one-label", "alice@localhost"},
           {"email-malformed-leading-dot", ".alice@example.com"}}) {
    add_scenario(
        l, name, "not an address: " + email, {"MalformedHandle"}, {"REQ-DIR-5"},
        Steps{account("alice"),
              Step("email.add", {{"account", "alice"}, {"email", email}}).error("invalid_handle")},
        "invalid_handle");
  }
}

// Phones (REQ-VERIFY-3, -4): the carrier attests the SIM's number; paid SMS needs
// consent.
void phone_cases(TestList& l) {
  add_scenario(
      l, "phone-zero-rated", "a zero-rated carrier attests the SIM's number without consent",
      {"PhoneVerification", "Lookup"}, {"REQ-VERIFY-3", "REQ-VERIFY-4"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{add_phone("alice", "+14155550100", "zr", "sim1", false),
                lookup("+14155550100").field("devices.0.push_token", "$phone.push_token")});
  add_scenario(
      l, "phone-paid-sms-without-consent",
      "a carrier that charges for the SMS: no consent, no verification; with consent it works",
      {"NoConsent", "NoStateChange"}, {"REQ-VERIFY-4"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("paid", false, "sim1", "+14155550100") +
          Steps{add_phone("alice", "+14155550100", "paid", "sim1", false).error("consent_required"),
                lookup("+14155550100").error("unknown_handle"),
                add_phone("alice", "+14155550100", "paid", "sim1", true),
                lookup("+14155550100").count("devices", 1)},
      "consent_required");
  add_scenario(
      l, "phone-wrong-sim", "the carrier issued the number to another SIM", {"NotAttested"},
      {"REQ-VERIFY-3"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{Step("carrier.issue_sim",
                     {{"carrier", "zr"}, {"sim", "sim2"}, {"phone", "+14155550199"}}),
                add_phone("alice", "+14155550100", "zr", "sim2", false).error("not_attested"),
                lookup("+14155550100").error("unknown_handle")},
      "not_attested");
  add_scenario(
      l, "phone-other-carrier", "the SIM belongs to another carrier", {"NotAttested"},
      {"REQ-VERIFY-3"},
      Steps{account("alice")} + carrier("zr", true, "sim1", "+14155550100") +
          Steps{Step("carrier.create", {{"carrier", "other"}, {"zero_rated", true}}),
                add_phone("alice", "+14155550100", "other", "sim1", false).error("not_attested")},
      "not_attested");
  add_scenario(
      l, "phone-taken-by-other-account", "a number verified for alice cannot be verified for bob",
      {"BadRequest"}, {"REQ-VERIFY-3"},
      Steps{account("alice"), account("bob")} + carrier("zr", true, "sim1", "+14155550100") +
          Steps{add_phone("alice", "+14155550100", "zr", "sim1", false),
                add_phone("bob", "+14155550100", "zr", "sim1", false).error("duplicate")},
      "duplicate");
  for (const auto& [name, phone] : std::vector<std::pair<std::string, std::string>>{
           {"phone-malformed-no-plus", "14155550100"},
           {"phone-malformed-leading-zero", "+04155550100"},
           {"phone-malformed-too-short", "+1415555"}}) {
    add_scenario(l, name, "not E.164: " + phone, {"MalformedHandle"}, {"REQ-DIR-5"},
                 Steps{account("alice")} + carrier("zr", true, "sim1", phone) +
                     Steps{add_phone("alice", phone, "zr", "sim1", false).error("invalid_handle")},
                 "invalid_handle");
  }
}

// Proof of possession (REQ-DIR-2): a request is the device's own, signed and
// unaltered.
void register_signature_cases(TestList& l) {
  add_scenario(l, "register-own-request", "a request signed by the device's own key is accepted",
               {"Registration", "Lookup"}, {"REQ-DIR-2"},
               alice_with_phone() + Steps{request("mac", "alice"), submit(),
                                          lookup("a@example.com")
                                              .count("devices", 2)
                                              .field("devices.1.push_token", "$req.push_token")
                                              .field("devices.1.identity", "$req.identity")});
  add_scenario(
      l, "register-signed-by-other-device",
      "mac's registration signed by phone's key: refused, nothing published, nobody alerted",
      {"WrongSigner", "NoStateChange"}, {"REQ-DIR-2", "REQ-DIR-4"},
      alice_with_phone() +
          Steps{alerts("phone").count("alerts", 1), request("mac", "alice", {{"signer", "phone"}}),
                submit().error("bad_signature"), lookup("a@example.com").count("devices", 1),
                alerts("phone").count("alerts", 0)},
      "bad_signature");
  add_scenario(l, "register-account-changed", "a request for alice resubmitted for bob",
               {"WrongSigner"}, {"REQ-DIR-2"},
               Steps{account("alice"), account("bob"), request("mac", "alice"),
                     submit(req_with("account", "bob")).error("bad_signature")},
               "bad_signature");
  add_scenario(l, "register-push-token-changed", "a request with another device's push token",
               {"WrongSigner"}, {"REQ-DIR-2"},
               Steps{account("alice"), request("other", "alice"),
                     Step("dir.register", {{"request", "$req"}}),
                     request("mac", "alice").capture("mine", "request"), request("spare", "alice"),
                     submit(Json{{"account", "$mine.account"},
                                 {"push_token", "$req.push_token"},
                                 {"identity", "$mine.identity"},
                                 {"encryption_public", "$mine.encryption_public"},
                                 {"timestamp", "$mine.timestamp"},
                                 {"nonce", "$mine.nonce"},
                                 {"signature", "$mine.signature"}})
                         .error("bad_signature")},
               "bad_signature");
  add_scenario(
      l, "register-encryption-key-changed", "a request whose encryption key was swapped",
      {"WrongSigner"}, {"REQ-DIR-2"},
      Steps{
          account("alice"), device("phone", "alice"), request("mac", "alice"),
          submit(req_with("encryption_public", "$phone.encryption_public")).error("bad_signature")},
      "bad_signature");
}

// Freshness (REQ-DIR-3): a nonce once, a timestamp within 300 s of the clock.
void register_freshness_cases(TestList& l) {
  add_scenario(
      l, "register-replayed", "the same request again after the device was removed",
      {"ReplayedRequest"}, {"REQ-DIR-3"},
      alice_with_phone() +
          Steps{request("mac", "alice"), submit(),
                Step("device.remove", {{"account", "alice"}, {"push_token", "$req.push_token"}}),
                submit().error("replayed_request"), lookup("a@example.com").count("devices", 1)},
      "replayed_request");
  add_scenario(l, "register-stale-timestamp", "signed 301 s before the directory's clock",
               {"ReplayedRequest"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice", {{"timestamp", 1'699'999'699}}),
                     submit().error("replayed_request")},
               "replayed_request");
  add_scenario(l, "register-future-timestamp", "signed 301 s after the directory's clock",
               {"ReplayedRequest"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice", {{"timestamp", 1'700'000'301}}),
                     submit().error("replayed_request")},
               "replayed_request");
  add_scenario(l, "register-window-edge", "signed 300 s before, then 300 s after: both accepted",
               {"Registration"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice", {{"timestamp", 1'699'999'700}}),
                     submit(), request("ipad", "alice", {{"timestamp", 1'700'000'300}}), submit()});
  add_scenario(l, "register-stale-after-clock-moves", "a request kept for 301 s before it is sent",
               {"ReplayedRequest"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice"),
                     Step("clock.advance", {{"seconds", 301}}), submit().error("replayed_request")},
               "replayed_request");
}

// Requests the directory cannot take (REQ-DIR-4).
void register_bad_request_cases(TestList& l) {
  add_scenario(l, "register-unknown-account", "a request for an account that does not exist",
               {"BadRequest"}, {"REQ-DIR-4"},
               Steps{request("mac", "nobody"), submit().error("unknown_account")},
               "unknown_account");
  add_scenario(l, "register-short-push-token", "a push token of one byte", {"BadRequest"},
               {"REQ-DIR-4"},
               Steps{account("alice"), request("mac", "alice"),
                     submit(req_with("push_token", "00")).error("too_large")},
               "too_large");
  add_scenario(l, "register-push-token-taken", "a second registration of a registered push token",
               {"BadRequest"}, {"REQ-DIR-4"},
               Steps{account("alice"), device("phone", "alice"), request("phone", "alice"),
                     submit().error("duplicate")},
               "duplicate");
  add_scenario(
      l, "register-malformed-identity", "an identity blob of zeros", {"BadRequest"}, {"REQ-DIR-4"},
      Steps{account("alice"), request("mac", "alice"),
            submit(req_with("identity", std::string(498, '0'))).error("malformed_identity")},
      "malformed_identity");
}

// Alerts (REQ-ALERT-1, -2): who hears of a new device or handle, and who not.
void alert_cases(TestList& l) {
  add_scenario(l, "alert-new-device",
               "the existing device is told; the new one is not told about itself", {"Alerts"},
               {"REQ-ALERT-1", "REQ-ALERT-2"},
               Steps{account("alice"), device("phone", "alice"), device("mac", "alice"),
                     alerts("phone").field("alerts", Json::array({device_alert("mac")})),
                     alerts("mac").count("alerts", 0)});
  add_scenario(l, "alert-counts-three-devices", "each device hears of every later device, once",
               {"Alerts"}, {"REQ-ALERT-1", "REQ-ALERT-2"},
               Steps{account("alice"), device("phone", "alice"), device("mac", "alice"),
                     device("ipad", "alice"),
                     alerts("phone").field(
                         "alerts", Json::array({device_alert("mac"), device_alert("ipad")})),
                     alerts("mac").field("alerts", Json::array({device_alert("ipad")})),
                     alerts("ipad").count("alerts", 0), alerts("phone").count("alerts", 0)});
  add_scenario(
      l, "alert-email", "a confirmed address alerts every device", {"Alerts"}, {"REQ-ALERT-1"},
      Steps{account("alice"), device("phone", "alice"), device("mac", "alice"),
            alerts("phone").count("alerts", 1)} +
          verify_email("alice", "a@example.com") +
          Steps{alerts("phone").field("alerts", Json::array({alert("email", "a@example.com")})),
                alerts("mac").field("alerts", Json::array({alert("email", "a@example.com")}))});
  add_scenario(
      l, "alert-phone", "a verified number alerts every device", {"Alerts"}, {"REQ-ALERT-1"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{add_phone("alice", "+14155550100", "zr", "sim1", false),
                alerts("phone").field("alerts", Json::array({alert("phone", "+14155550100")}))});
  add_scenario(l, "alert-not-for-pending-email", "an address not yet confirmed alerts nobody",
               {"Alerts"}, {"REQ-ALERT-1"},
               Steps{account("alice"), device("phone", "alice"),
                     Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
                     alerts("phone").count("alerts", 0)});
  add_scenario(
      l, "alert-other-account-silent", "bob's device hears nothing of alice's account", {"Alerts"},
      {"REQ-ALERT-2"},
      Steps{account("alice"), account("bob"), device("bobphone", "bob"), device("phone", "alice"),
            device("mac", "alice")} +
          verify_email("alice", "a@example.com") +
          Steps{alerts("bobphone").count("alerts", 0), alerts("phone").count("alerts", 2)});
}

// Offline devices get their alerts, in order, when they connect (REQ-ALERT-3).
void offline_alert_cases(TestList& l) {
  add_scenario(
      l, "alert-offline-queued", "an offline device gets its alerts, in order, when it connects",
      {"OfflineAlerts"}, {"REQ-ALERT-3"},
      Steps{account("alice"), device("phone", "alice"),
            Step("device.disconnect", {{"device", "phone"}}), device("mac", "alice")} +
          verify_email("alice", "a@example.com") +
          Steps{alerts("phone").count("alerts", 0), Step("device.connect", {{"device", "phone"}}),
                alerts("phone").field(
                    "alerts", Json::array({device_alert("mac"), alert("email", "a@example.com")})),
                alerts("mac").field("alerts", Json::array({alert("email", "a@example.com")}))});
  add_scenario(l, "alert-offline-after-a-month",
               "alerts wait for a device that is away for 31 days", {"OfflineAlerts"},
               {"REQ-ALERT-3"},
               Steps{account("alice"), device("phone", "alice"),
                     Step("device.disconnect", {{"device", "phone"}}), device("mac", "alice"),
                     Step("clock.advance", {{"seconds", 31 * 86400}}),
                     Step("device.connect", {{"device", "phone"}}),
                     alerts("phone").field("alerts", Json::array({device_alert("mac")}))});
  add_scenario(l, "alert-received-before-disconnect", "what reached an online device stays with it",
               {"OfflineAlerts"}, {"REQ-ALERT-3"},
               Steps{account("alice"), device("phone", "alice"), device("mac", "alice"),
                     Step("device.disconnect", {{"device", "phone"}}),
                     alerts("phone").field("alerts", Json::array({device_alert("mac")}))});
}

// Removal (REQ-DIR-6): gone from lookups at once, only by the owning account.
void removal_cases(TestList& l) {
  add_scenario(
      l, "remove-device", "a removed device disappears from the next lookup", {"Removal"},
      {"REQ-DIR-6"},
      alice_with_phone() +
          Steps{device("mac", "alice"),
                Step("device.remove", {{"account", "alice"}, {"push_token", "$phone.push_token"}}),
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$mac.push_token")});
  add_scenario(l, "remove-handle", "a removed address is unknown at once",
               {"Removal", "UnverifiedHandle"}, {"REQ-DIR-6"},
               alice_with_phone() +
                   Steps{Step("handle.remove", {{"account", "alice"}, {"handle", "a@example.com"}}),
                         lookup("a@example.com").error("unknown_handle")},
               "unknown_handle");
  add_scenario(
      l, "remove-device-of-other-account", "bob cannot remove alice's device", {"BadRequest"},
      {"REQ-DIR-6", "REQ-DIR-4"},
      alice_with_phone() +
          Steps{account("bob"),
                Step("device.remove", {{"account", "bob"}, {"push_token", "$phone.push_token"}})
                    .error("not_found"),
                lookup("a@example.com").count("devices", 1)},
      "not_found");
  add_scenario(l, "remove-handle-of-other-account", "bob cannot remove alice's address",
               {"BadRequest"}, {"REQ-DIR-6", "REQ-DIR-4"},
               alice_with_phone() +
                   Steps{account("bob"),
                         Step("handle.remove", {{"account", "bob"}, {"handle", "a@example.com"}})
                             .error("unknown_handle"),
                         lookup("a@example.com").count("devices", 1)},
               "unknown_handle");
  add_scenario(
      l, "removed-device-hears-nothing", "a removed device gets no alert about a later device",
      {"Removal", "Alerts"}, {"REQ-DIR-6", "REQ-ALERT-3"},
      Steps{account("alice"), device("phone", "alice"),
            Step("device.remove", {{"account", "alice"}, {"push_token", "$phone.push_token"}}),
            device("mac", "alice"), alerts("phone").count("alerts", 0)});
}

// An address for a missing account (REQ-DIR-4).
void email_unknown_account_case(TestList& l) {
  add_scenario(l, "email-unknown-account", "an address for an account that does not exist",
               {"BadRequest"}, {"REQ-DIR-4"},
               Steps{Step("email.add", {{"account", "nobody"}, {"email", "a@example.com"}})
                         .error("unknown_account")},
               "unknown_account");
}

}  // namespace

// Two people for the keychain scenarios: alice (phone, passcode "123456", and
// mac) and bob (iphone), each with a verified address.
const char* kPasscode = "313233343536";  // "123456"
const char* kWrongPasscode = "303030303030";

Steps alice_and_bob() {
  return Steps{account("alice"),
               Step("device.add",
                    {{"device", "phone"}, {"account", "alice"}, {"passcode", kPasscode}})
                   .capture("phone", ""),
               device("mac", "alice")} +
         verify_email("alice", "a@example.com") + Steps{account("bob"), device("iphone", "bob")} +
         verify_email("bob", "b@example.com");
}

Step reboot(const std::string& dev) {
  return Step("device.reboot", {{"device", dev}});
}
Step unlock(const std::string& dev, const std::string& passcode) {
  return Step("device.unlock", {{"device", dev}, {"passcode", passcode}});
}
Step screen_lock(const std::string& dev) {
  return Step("device.lock", {{"device", dev}});
}
Step state(const std::string& dev, bool unlocked_since_boot, bool screen_locked) {
  return std::move(Step("device.state", {{"device", dev}})
                       .field("unlocked_since_boot", unlocked_since_boot)
                       .field("screen_locked", screen_locked));
}
// alice_sends is a send from alice's phone to bob, which reaches bob's iphone
// and alice's mac; alice_cannot_send, the same refused as locked.
Step alice_sends(const std::string& name, const std::string& text) {
  return std::move(
      send(name, "phone", "a@example.com", {"b@example.com"}, text).field("pushes", 2));
}
Step alice_cannot_send() {
  return std::move(Step("send", {{"device", "phone"},
                                 {"from", "a@example.com"},
                                 {"to", {"b@example.com"}},
                                 {"text", "hello"}})
                       .error("locked"));
}
Step bob_sends(const std::string& name, const std::string& text) {
  return send(name, "iphone", "b@example.com", {"a@example.com"}, text);
}

// Keys only after the first unlock (REQ-KEYCHAIN-7, -10): a rebooted device
// neither sends, opens nor signs until its passcode is entered.
void keychain_first_unlock_cases(TestList& l) {
  add_scenario(
      l, "keychain-send-needs-first-unlock",
      "a rebooted phone cannot send until its passcode is entered", {"AfterFirstUnlock"},
      {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-10"},
      alice_and_bob() + Steps{reboot("phone"), state("phone", false, true), alice_cannot_send(),
                              Step("relay.state").field("delivered", 0).field("queued", 0),
                              unlock("phone", kPasscode), state("phone", true, false),
                              alice_sends("m2", "hello"),
                              shown_once(receive("iphone"), "m2", "a@example.com", "hello")},
      "locked");
  add_scenario(
      l, "keychain-pushes-wait-for-first-unlock",
      "pushes for a rebooted phone wait in its inbox and open after the unlock",
      {"AfterFirstUnlock"}, {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-10"},
      alice_and_bob() + Steps{reboot("phone"), bob_sends("m1", "are you there?"),
                              receive("phone").error("locked"), unlock("phone", kPasscode),
                              shown_once(receive("phone"), "m1", "b@example.com", "are you there?"),
                              shown_once(receive("mac"), "m1", "b@example.com", "are you there?")},
      "locked");
  add_scenario(
      l, "keychain-registration-needs-first-unlock",
      "a rebooted phone can sign no registration, for itself or for a new device",
      {"AfterFirstUnlock"}, {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-10"},
      alice_and_bob() +
          Steps{reboot("phone"),
                Step("device.registration_request", {{"device", "phone"}, {"account", "alice"}})
                    .error("locked"),
                Step("device.registration_request",
                     {{"device", "ipad"}, {"account", "alice"}, {"signer", "phone"}})
                    .error("locked"),
                Step("device.state", {{"device", "ipad"}}).error("not_found"),
                unlock("phone", kPasscode),
                Step("device.registration_request",
                     {{"device", "ipad"}, {"account", "alice"}, {"signer", "phone"}})
                    .capture("req", "request"),
                Step("dir.register", {{"request", "$req"}}).error("bad_signature"),
                lookup("a@example.com").count("devices", 2)},
      "locked");
  add_scenario(l, "keychain-wrong-passcode-stays-locked",
               "a wrong passcode is refused and the keys stay out of reach",
               {"AfterFirstUnlock", "WrongPasscode"}, {"REQ-KEYCHAIN-6", "REQ-KEYCHAIN-7"},
               alice_and_bob() + Steps{reboot("phone"),
                                       unlock("phone", kWrongPasscode).error("bad_passcode"),
                                       state("phone", false, true), alice_cannot_send(),
                                       unlock("phone", kPasscode), alice_sends("m2", "hello")},
               "bad_passcode");
  add_scenario(l, "keychain-default-passcode",
               "a device added without a passcode has 0000 (hex 30303030)", {"AfterFirstUnlock"},
               {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-10"},
               alice_and_bob() + Steps{reboot("iphone"), unlock("iphone", "30303030"),
                                       bob_sends("m1", "hi").field("pushes", 2)});
}

// A locked screen keeps the keys (REQ-KEYCHAIN-8); a reboot takes them away
// again but not the message history.
void keychain_lock_and_reboot_cases(TestList& l) {
  add_scenario(
      l, "keychain-screen-lock-keeps-keys",
      "after the first unlock a locked phone still sends and receives", {"ScreenLock"},
      {"REQ-KEYCHAIN-8"},
      alice_and_bob() +
          Steps{screen_lock("phone"), state("phone", true, true),
                alice_sends("m1", "sent while locked"), bob_sends("m2", "to a locked phone"),
                shown_once(receive("phone"), "m2", "b@example.com", "to a locked phone")});
  add_scenario(l, "keychain-screen-lock-after-reboot",
               "a locked screen after a reboot and an unlock", {"ScreenLock", "AfterFirstUnlock"},
               {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-8"},
               alice_and_bob() + Steps{reboot("phone"), screen_lock("phone"), alice_cannot_send(),
                                       unlock("phone", kPasscode), screen_lock("phone"),
                                       state("phone", true, true), alice_sends("m2", "hello")},
               "locked");
  add_scenario(
      l, "keychain-reboot-after-lock-forgets", "unlock, lock, reboot: the keys are gone again",
      {"AfterFirstUnlock"}, {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-8"},
      alice_and_bob() + Steps{reboot("phone"), unlock("phone", kPasscode), screen_lock("phone"),
                              reboot("phone"), state("phone", false, true), alice_cannot_send()},
      "locked");
  add_scenario(l, "keychain-later-unlock-checks-passcode",
               "after the first unlock a wrong passcode still does not unlock the screen",
               {"ScreenLock", "WrongPasscode"}, {"REQ-KEYCHAIN-6", "REQ-KEYCHAIN-8"},
               alice_and_bob() + Steps{screen_lock("phone"),
                                       unlock("phone", kWrongPasscode).error("bad_passcode"),
                                       state("phone", true, true), unlock("phone", kPasscode),
                                       state("phone", true, false)},
               "bad_passcode");
  add_scenario(
      l, "keychain-reboot-keeps-message-history",
      "a message shown before a reboot is not shown again when the relay replays it",
      {"AfterFirstUnlock"}, {"REQ-KEYCHAIN-10", "REQ-DELIVERY-9"},
      alice_and_bob() + Steps{bob_sends("m1", "once"),
                              shown_once(receive("phone"), "m1", "b@example.com", "once"),
                              reboot("phone"), unlock("phone", kPasscode),
                              Step("relay.replay", {{"device", "phone"}}).field("replayed", 1),
                              receive("phone").count("shown", 0).field("duplicates", 1)});
}

// Keychain requests that are refused, and in which order (REQ-KEYCHAIN-1, -10).
void keychain_bad_input_cases(TestList& l) {
  add_scenario(
      l, "keychain-passcode-out-of-range", "an empty passcode is not a passcode", {"WrongPasscode"},
      {"REQ-KEYCHAIN-1"},
      alice_and_bob() + Steps{reboot("phone"), unlock("phone", "").error("invalid_argument"),
                              state("phone", false, true)},
      "invalid_argument");
  add_scenario(l, "keychain-unknown-device", "the keychain ops name a device that exists",
               {"BadRequest"}, {"REQ-KEYCHAIN-10"},
               Steps{reboot("nobody").error("not_found"), screen_lock("nobody").error("not_found"),
                     unlock("nobody", kPasscode).error("not_found"),
                     Step("device.state", {{"device", "nobody"}}).error("not_found")},
               "not_found");
  add_scenario(
      l, "keychain-locked-after-request-checks",
      "a locked device: the request's own faults come first, the directory's after locked",
      {"AfterFirstUnlock", "BadRequest"}, {"REQ-KEYCHAIN-10"},
      alice_and_bob() + Steps{reboot("phone"),
                              Step("send", {{"device", "phone"},
                                            {"from", "a@example.com"},
                                            {"to", Json::array()},
                                            {"text", "hi"}})
                                  .error("invalid_argument"),
                              Step("send", {{"device", "phone"},
                                            {"from", "a@example.com"},
                                            {"to", Json::array({"nobody@example.com"})},
                                            {"text", "hi"}})
                                  .error("locked"),
                              Step("device.registration_request",
                                   {{"device", ""}, {"account", "alice"}, {"signer", "phone"}})
                                  .error("invalid_argument"),
                              Step("device.registration_request",
                                   {{"device", "ipad"}, {"account", "alice"}, {"signer", "nobody"}})
                                  .error("not_found"),
                              Step("device.registration_request",
                                   {{"device", "ipad"}, {"account", "nobody"}, {"signer", "phone"}})
                                  .error("locked")},
      "locked");
}

// Account names and carriers that do not exist (REQ-DIR-4, REQ-VERIFY-3).
void account_name_and_carrier_cases(TestList& l) {
  const std::string long_name(65, 'a');
  add_scenario(
      l, "account-name-too-long", "an account name of 65 bytes, and one of none",
      {"BadRequest", "NoStateChange"}, {"REQ-DIR-4"},
      Steps{Step("account.create", {{"account", long_name}}).error("invalid_argument"),
            Step("account.create", {{"account", ""}}).error("invalid_argument"),
            Step("device.add", {{"device", "phone"}, {"account", long_name}}).error("too_large"),
            Step("account.create", {{"account", std::string(64, 'a')}})},
      "invalid_argument");
  add_scenario(
      l, "phone-unknown-carrier", "a number through a carrier that does not exist",
      {"BadRequest", "NoStateChange"}, {"REQ-VERIFY-3"},
      Steps{account("alice"), device("phone", "alice"),
            add_phone("alice", "+14155550100", "nocarrier", "sim1", true).error("not_found"),
            lookup("+14155550100").error("unknown_handle"), alerts("phone").count("alerts", 0)},
      "not_found");
}

// The groups in file order: tcIds follow the calls, so new groups go last.
Json registration_vectors(const crypto::Provider&) {
  TestList l;
  lookup_cases(l);
  email_token_cases(l);
  email_address_cases(l);
  phone_cases(l);
  register_signature_cases(l);
  register_freshness_cases(l);
  register_bad_request_cases(l);
  alert_cases(l);
  offline_alert_cases(l);
  removal_cases(l);
  email_unknown_account_case(l);
  keychain_first_unlock_cases(l);
  keychain_lock_and_reboot_cases(l);
  keychain_bad_input_cases(l);
  account_name_and_carrier_cases(l);

  return scenario_file("imref-registration", "RegistrationScenario",
                       "Registration scenarios: the key directory, handle verification, alerts "
                       "(docs/spec.md §9).",
                       notes(), l.take());
}

}  // namespace imref::vectorgen
