// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// registration_test.json: scenarios of the key directory, handle
// verification and alerts (docs/spec.md §9), run by the scenario engine
// (conformance/runner/scenario.h, docs/conformance.md). Nothing here is
// random: keys and tokens are made by the implementation and referred to by
// the names steps capture them under.
#include <algorithm>

#include "generate.h"
#include "imref/directory.h"
#include "imref/identity.h"
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
// A device that speaks pair-ec also publishes these (REQ-PAIREC-52).
const std::vector<std::string> kWorldLookupFields = {"identity", "encryption_public", "push_token",
                                                     "ngm_public", "prekey_record"};

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
  note(n, "PairEcPublished", "BASIC",
       "A device's NGM device key (32-byte compact X) and its signed prekey record (109 bytes) are "
       "published with its registration and returned by lookups; a device that speaks only pair "
       "publishes neither.");
  note(n, "PairEcBadRecord", "MODIFIED_PARAMETER",
       "A registration or prekey publication whose record does not parse, does not verify under "
       "the device's NGM key, is older than 143 days or is not newer than the published one: "
       "refused, and nothing changes.");
  note(n, "PrekeyRotation", "BASIC",
       "A device makes a new prekey, keeps the old ones for 120 days and publishes the new "
       "record.");
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
                         .keys("devices", kWorldLookupFields)
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
                             .keys("devices", kWorldLookupFields)
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
                     lookup("a@example.com")
                         .count("devices", 1)
                         .field("devices.0.push_token", "$phone.push_token")});
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
      alice_with_phone() +
          Steps{
              Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}).error("bad_token"),
              lookup("a@example.com")
                  .count("devices", 1)
                  .field("devices.0.push_token", "$phone.push_token"),
              alerts("phone").field("alerts", Json::array({alert("email", "a@example.com")}))},
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
              lookup("a@example.com").error("unknown_handle"), alerts("phone").count("alerts", 0),
              // The address itself is not burned: a new token verifies it.
              Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
              Step("email.read", {{"email", "a@example.com"}})
                  .count("tokens", 1)
                  .capture("token2", "tokens.0"),
              Step("email.confirm", {{"account", "alice"}, {"token", "$token2"}}),
              lookup("a@example.com").count("devices", 1)},
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
                      lookup("a@example.com").error("unknown_handle"),
                      // The mailed token still works, once.
                      Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
                      lookup("a@example.com").count("devices", 1),
                      Step("email.confirm", {{"account", "alice"}, {"token", "$token"}})
                          .error("bad_token")},
      "bad_token");
}

// Addresses another account holds or that are malformed (REQ-VERIFY-3, REQ-DIR-5).
void email_address_cases(TestList& l) {
  add_scenario(l, "email-taken-by-other-account",
               "an address verified for alice cannot be added by bob", {"BadRequest"},
               {"REQ-VERIFY-3"},
               alice_with_phone() +
                   Steps{account("bob"),
                         Step("email.add", {{"account", "bob"}, {"email", "a@example.com"}})
                             .error("duplicate"),
                         Step("email.read", {{"email", "a@example.com"}}).count("tokens", 0),
                         lookup("a@example.com")
                             .count("devices", 1)
                             .field("devices.0.push_token", "$phone.push_token")},
               "duplicate");
  for (const auto& [name, email] : std::vector<std::pair<std::string, std::string>>{
           {"email-malformed-no-at", "alice.example.com"},
           {"email-malformed-one-label", "alice@localhost"},
           {"email-malformed-leading-dot", ".alice@example.com"}}) {
    add_scenario(
        l, name, "not an address: " + email, {"MalformedHandle"}, {"REQ-DIR-5"},
        Steps{account("alice"),
              Step("email.add", {{"account", "alice"}, {"email", email}}).error("invalid_handle"),
              Step("email.read", {{"email", email}}).count("tokens", 0)},
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
                lookup("+14155550100").error("unknown_handle"), alerts("phone").count("alerts", 0),
                add_phone("alice", "+14155550100", "paid", "sim1", true),
                lookup("+14155550100")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token"),
                alerts("phone").field("alerts", Json::array({alert("phone", "+14155550100")}))},
      "consent_required");
  add_scenario(
      l, "phone-wrong-sim", "the carrier issued the number to another SIM", {"NotAttested"},
      {"REQ-VERIFY-3"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{Step("carrier.issue_sim",
                     {{"carrier", "zr"}, {"sim", "sim2"}, {"phone", "+14155550199"}}),
                add_phone("alice", "+14155550100", "zr", "sim2", false).error("not_attested"),
                lookup("+14155550100").error("unknown_handle"), alerts("phone").count("alerts", 0),
                add_phone("alice", "+14155550100", "zr", "sim1", false),
                lookup("+14155550100")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token")},
      "not_attested");
  add_scenario(
      l, "phone-other-carrier", "the SIM belongs to another carrier", {"NotAttested"},
      {"REQ-VERIFY-3"},
      Steps{account("alice")} + carrier("zr", true, "sim1", "+14155550100") +
          Steps{Step("carrier.create", {{"carrier", "other"}, {"zero_rated", true}}),
                add_phone("alice", "+14155550100", "other", "sim1", false).error("not_attested"),
                lookup("+14155550100").error("unknown_handle"),
                // The number is not burned: its own carrier still verifies it.
                add_phone("alice", "+14155550100", "zr", "sim1", false),
                lookup("+14155550100").count("devices", 0)},
      "not_attested");
  add_scenario(
      l, "phone-taken-by-other-account", "a number verified for alice cannot be verified for bob",
      {"BadRequest"}, {"REQ-VERIFY-3"},
      Steps{account("alice"), account("bob"), device("phone", "alice"), device("bobphone", "bob")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{add_phone("alice", "+14155550100", "zr", "sim1", false),
                add_phone("bob", "+14155550100", "zr", "sim1", false).error("duplicate"),
                lookup("+14155550100")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token"),
                alerts("bobphone").count("alerts", 0)},
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
      alice_with_phone() + Steps{alerts("phone").count("alerts", 1),
                                 request("mac", "alice", {{"signer", "phone"}}),
                                 submit().error("bad_signature"),
                                 lookup("a@example.com")
                                     .count("devices", 1)
                                     .field("devices.0.push_token", "$phone.push_token"),
                                 alerts("phone").count("alerts", 0),
                                 // mac's push token is not taken: its own request goes through.
                                 request("mac", "alice"), submit(),
                                 lookup("a@example.com")
                                     .count("devices", 2)
                                     .field("devices.0.push_token", "$phone.push_token")
                                     .field("devices.1.push_token", "$req.push_token")},
      "bad_signature");
  add_scenario(l, "register-account-changed", "a request for alice resubmitted for bob",
               {"WrongSigner"}, {"REQ-DIR-2"},
               Steps{account("alice"), account("bob"), request("mac", "alice"),
                     submit(req_with("account", "bob")).error("bad_signature"),
                     // The refusal recorded nothing, not even the nonce.
                     submit()},
               "bad_signature");
  add_scenario(
      l, "register-push-token-changed", "a request with another device's push token",
      {"WrongSigner"}, {"REQ-DIR-2"},
      Steps{account("alice"), request("other", "alice").capture("other", "request"),
            Step("dir.register", {{"request", "$req"}}),
            request("mac", "alice").capture("mine", "request"),
            submit(Json{{"account", "$mine.account"},
                        {"push_token", "$other.push_token"},
                        {"identity", "$mine.identity"},
                        {"encryption_public", "$mine.encryption_public"},
                        {"timestamp", "$mine.timestamp"},
                        {"nonce", "$mine.nonce"},
                        {"signature", "$mine.signature"}})
                .error("bad_signature"),
            submit("$mine"),
            alerts("other").field("alerts", Json::array({alert("device", "$mine.push_token")}))},
      "bad_signature");
  add_scenario(l, "register-encryption-key-changed", "a request whose encryption key was swapped",
               {"WrongSigner"}, {"REQ-DIR-2"},
               Steps{account("alice"), device("phone", "alice"), request("mac", "alice"),
                     submit(req_with("encryption_public", "$phone.encryption_public"))
                         .error("bad_signature")} +
                   verify_email("alice", "a@example.com") +
                   Steps{lookup("a@example.com")
                             .count("devices", 1)
                             .field("devices.0.encryption_public", "$phone.encryption_public"),
                         submit(),
                         lookup("a@example.com")
                             .count("devices", 2)
                             .field("devices.1.encryption_public", "$req.encryption_public")},
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
                submit().error("replayed_request"),
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token"),
                alerts("phone").field("alerts", Json::array({alert("email", "a@example.com"),
                                                             alert("device", "$req.push_token")}))},
      "replayed_request");
  add_scenario(l, "register-stale-timestamp", "signed 301 s before the directory's clock",
               {"ReplayedRequest"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice", {{"timestamp", 1'699'999'699}}),
                     submit().error("replayed_request"), request("mac", "alice"), submit()},
               "replayed_request");
  add_scenario(l, "register-future-timestamp", "signed 301 s after the directory's clock",
               {"ReplayedRequest"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice", {{"timestamp", 1'700'000'301}}),
                     submit().error("replayed_request"),
                     // 300 s off now, and the refusal did not record the nonce.
                     Step("clock.advance", {{"seconds", 1}}), submit()},
               "replayed_request");
  add_scenario(l, "register-window-edge", "signed 300 s before, then 300 s after: both accepted",
               {"Registration"}, {"REQ-DIR-3"},
               Steps{account("alice"), request("mac", "alice", {{"timestamp", 1'699'999'700}}),
                     submit(), request("ipad", "alice", {{"timestamp", 1'700'000'300}}), submit()});
  add_scenario(
      l, "register-stale-after-clock-moves", "a request kept for 301 s before it is sent",
      {"ReplayedRequest"}, {"REQ-DIR-3"},
      Steps{account("alice"), request("mac", "alice"), Step("clock.advance", {{"seconds", 301}}),
            submit().error("replayed_request"), request("mac", "alice"), submit()},
      "replayed_request");
}

// Requests the directory cannot take (REQ-DIR-4).
void register_bad_request_cases(TestList& l) {
  add_scenario(l, "register-unknown-account", "a request for an account that does not exist",
               {"BadRequest"}, {"REQ-DIR-4"},
               Steps{request("mac", "nobody"), submit().error("unknown_account"), account("nobody"),
                     submit()},
               "unknown_account");
  add_scenario(l, "register-short-push-token", "a push token of one byte", {"BadRequest"},
               {"REQ-DIR-4"},
               Steps{account("alice"), request("mac", "alice"),
                     submit(req_with("push_token", "00")).error("too_large"), submit()},
               "too_large");
  add_scenario(l, "register-push-token-taken", "a second registration of a registered push token",
               {"BadRequest"}, {"REQ-DIR-4"},
               Steps{account("alice"), device("phone", "alice"), request("phone", "alice"),
                     submit().error("duplicate")} +
                   verify_email("alice", "a@example.com") +
                   Steps{lookup("a@example.com")
                             .count("devices", 1)
                             .field("devices.0.push_token", "$phone.push_token")},
               "duplicate");
  add_scenario(
      l, "register-malformed-identity", "an identity blob of zeros", {"BadRequest"}, {"REQ-DIR-4"},
      Steps{account("alice"), request("mac", "alice"),
            submit(req_with("identity", std::string(498, '0'))).error("malformed_identity"),
            submit()},
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
          Steps{alerts("bobphone").count("alerts", 0),
                alerts("phone").field("alerts", Json::array({device_alert("mac"),
                                                             alert("email", "a@example.com")}))});
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
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token")},
      "not_found");
  add_scenario(l, "remove-handle-of-other-account", "bob cannot remove alice's address",
               {"BadRequest"}, {"REQ-DIR-6", "REQ-DIR-4"},
               alice_with_phone() +
                   Steps{account("bob"),
                         Step("handle.remove", {{"account", "bob"}, {"handle", "a@example.com"}})
                             .error("unknown_handle"),
                         lookup("a@example.com")
                             .count("devices", 1)
                             .field("devices.0.push_token", "$phone.push_token")},
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
  add_scenario(
      l, "email-unknown-account", "an address for an account that does not exist", {"BadRequest"},
      {"REQ-DIR-4"},
      Steps{Step("email.add", {{"account", "nobody"}, {"email", "a@example.com"}})
                .error("unknown_account"),
            Step("email.read", {{"email", "a@example.com"}}).count("tokens", 0), account("nobody"),
            Step("email.add", {{"account", "nobody"}, {"email", "a@example.com"}}),
            Step("email.read", {{"email", "a@example.com"}}).count("tokens", 1)},
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
// nothing_pushed: the relay has pushed and holds nothing.
Step nothing_pushed() {
  return std::move(Step("relay.state").field("delivered", 0).field("queued", 0));
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
                lookup("a@example.com")
                    .count("devices", 2)
                    .field("devices.0.push_token", "$phone.push_token")
                    .field("devices.1.push_token", "$mac.push_token")},
      "locked");
  add_scenario(l, "keychain-wrong-passcode-stays-locked",
               "a wrong passcode is refused and the keys stay out of reach",
               {"AfterFirstUnlock", "WrongPasscode"}, {"REQ-KEYCHAIN-6", "REQ-KEYCHAIN-7"},
               alice_and_bob() +
                   Steps{reboot("phone"), unlock("phone", kWrongPasscode).error("bad_passcode"),
                         state("phone", false, true), alice_cannot_send(), nothing_pushed(),
                         unlock("phone", kPasscode), alice_sends("m2", "hello"),
                         shown_once(receive("iphone"), "m2", "a@example.com", "hello")},
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
  add_scenario(
      l, "keychain-screen-lock-after-reboot", "a locked screen after a reboot and an unlock",
      {"ScreenLock", "AfterFirstUnlock"}, {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-8"},
      alice_and_bob() + Steps{reboot("phone"), screen_lock("phone"), alice_cannot_send(),
                              nothing_pushed(), unlock("phone", kPasscode), screen_lock("phone"),
                              state("phone", true, true), alice_sends("m2", "hello"),
                              shown_once(receive("iphone"), "m2", "a@example.com", "hello")},
      "locked");
  add_scenario(l, "keychain-reboot-after-lock-forgets",
               "unlock, lock, reboot: the keys are gone again", {"AfterFirstUnlock"},
               {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-8"},
               alice_and_bob() +
                   Steps{reboot("phone"), unlock("phone", kPasscode), screen_lock("phone"),
                         reboot("phone"), state("phone", false, true), alice_cannot_send(),
                         nothing_pushed(), nothing(receive("iphone")), state("phone", false, true)},
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
                                  .error("locked"),
                              nothing_pushed(),
                              Step("device.state", {{"device", "ipad"}}).error("not_found")},
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
            Step("account.create", {{"account", std::string(64, 'a')}}),
            // The refused add left no device; a registration at 64 bytes, and at 1, goes through.
            Step("device.state", {{"device", "phone"}}).error("not_found"),
            device("phone", std::string(64, 'a')), account("a"), device("mac", "a")},
      "invalid_argument");
  add_scenario(
      l, "phone-unknown-carrier", "a number through a carrier that does not exist",
      {"BadRequest", "NoStateChange"}, {"REQ-VERIFY-3"},
      Steps{account("alice"), device("phone", "alice"),
            add_phone("alice", "+14155550100", "nocarrier", "sim1", true).error("not_found"),
            lookup("+14155550100").error("unknown_handle"), alerts("phone").count("alerts", 0)},
      "not_found");
}

// Handles at their length limits and characters at the edges of their ranges
// (REQ-DIR-5): what is accepted is verified end to end, what is refused
// mails, verifies and alerts nothing.
void handle_limit_cases(TestList& l) {
  const std::string p8 = "+14155550", p15 = "+104155550199999", p16 = p15 + "0";
  claim(p8.size() == 9 && p15.size() == 16 && p16.size() == 17 && p15[2] == '0',
        "the numbers have 8, 15 and 16 digits; the 15-digit one has 0 as its second digit");
  Steps phone = Steps{account("alice"), device("phone", "alice"),
                      Step("carrier.create", {{"carrier", "zr"}, {"zero_rated", true}})};
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"sim16", p16}, {"sima", "+a4155550100"}, {"simc", "+1415555010:"}};
  for (const auto& [sim, number] : std::vector<std::pair<std::string, std::string>>{
           {"sim8", p8}, {"sim15", p15}, refused[0], refused[1], refused[2]}) {
    phone.push_back(
        Step("carrier.issue_sim", {{"carrier", "zr"}, {"sim", sim}, {"phone", number}}));
  }
  phone.push_back(add_phone("alice", p8, "zr", "sim8", false));
  phone.push_back(add_phone("alice", p15, "zr", "sim15", false));
  for (const auto& [sim, number] : refused) {
    phone.push_back(add_phone("alice", number, "zr", sim, false).error("invalid_handle"));
    phone.push_back(lookup(number).error("invalid_handle"));
  }
  for (const std::string& number : {p8, p15}) {
    phone.push_back(
        lookup(number).count("devices", 1).field("devices.0.push_token", "$phone.push_token"));
  }
  phone.push_back(
      alerts("phone").field("alerts", Json::array({alert("phone", p8), alert("phone", p15)})));
  add_scenario(l, "phone-length-limits",
               "numbers of 8 and 15 digits are verified; 16 digits, a letter after the +, a "
               "colon at the end are not E.164",
               {"MalformedHandle", "PhoneVerification"}, {"REQ-DIR-5"}, phone, "invalid_handle");

  const std::string l64(64, 'a');
  const std::string d189 =
      std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(57, 'd') + ".com";
  const std::string e254 = l64 + "@" + d189;
  const std::string e255 = l64 + "@" + std::string(63, 'b') + "." + std::string(63, 'c') + "." +
                           std::string(58, 'd') + ".com";
  const std::string label63 = "a@" + std::string(63, 'b') + ".com";
  const std::string label64 = "a@" + std::string(64, 'b') + ".com";
  claim(e254.size() == 254 && e255.size() == 255, "the long addresses have 254 and 255 bytes");
  Steps email = Steps{account("alice"), device("phone", "alice")};
  for (const std::string& e : {l64 + "@example.com", label63, e254}) {
    email.push_back(Step("email.add", {{"account", "alice"}, {"email", e}}));
    email.push_back(lookup(e).error("unknown_handle"));  // well-formed, not yet verified
  }
  for (const std::string& e :
       {std::string(65, 'a') + "@example.com", std::string("@example.com"), label64, e255}) {
    email.push_back(
        Step("email.add", {{"account", "alice"}, {"email", e}}).error("invalid_handle"));
    email.push_back(Step("email.read", {{"email", e}}).count("tokens", 0));
    email.push_back(lookup(e).error("invalid_handle"));
  }
  email.push_back(Step("email.read", {{"email", l64 + "@example.com"}}).count("tokens", 1));
  email.push_back(Step("email.read", {{"email", label63}}).count("tokens", 1));
  email =
      email +
      Steps{Step("email.read", {{"email", e254}}).count("tokens", 1).capture("token", "tokens.0"),
            Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
            lookup(e254).count("devices", 1).field("devices.0.push_token", "$phone.push_token"),
            alerts("phone").field("alerts", Json::array({alert("email", e254)}))};
  add_scenario(l, "email-length-limits",
               "a 64-byte local part, a 63-byte label and a 254-byte address are accepted; 65, "
               "none, 64 and 255 are not",
               {"MalformedHandle", "EmailVerification"}, {"REQ-DIR-5"}, email, "invalid_handle");

  // Each boundary character of [0-9a-zA-Z] appears in an accepted address; the
  // characters just outside those ranges are refused.
  const std::string edges = "0.9_a%z+A-Z@0a9z-AZ.example";
  Steps chars = Steps{account("alice"), device("phone", "alice")} + verify_email("alice", edges) +
                Steps{lookup(edges).count("devices", 1)};
  for (const char* e :
       {"a/b@example.com", "a:b@example.com", "a`b@example.com", "a{b@example.com",
        "a[b@example.com", "a@exa_mple.com", "a.@example.com", "a@b@example.com", "a@example..com",
        "a@.example.com", "a@example.com.", "a@-example.com", "a@example-.com"}) {
    chars.push_back(
        Step("email.add", {{"account", "alice"}, {"email", e}}).error("invalid_handle"));
    chars.push_back(lookup(e).error("invalid_handle"));
  }
  chars.push_back(alerts("phone").field("alerts", Json::array({alert("email", edges)})));
  add_scenario(l, "email-character-limits",
               "0, 9, a, z, A and Z are letters or digits; / : ` { [ are not, nor _ in a label; "
               "a trailing dot, a second @, an empty label, a label that starts or ends with - "
               "are refused",
               {"MalformedHandle", "EmailVerification"}, {"REQ-DIR-5"}, chars, "invalid_handle");
}

// A registration request signed outside the world: the generator's own keys
// sign REQ-DIR-2's bytes as the spec lists them, so every implementation
// must accept it, and refuse it once any field is changed after signing.
struct ClientRequest {
  Json request;
  Bytes identity, encryption_public, push_token, same_key_other_modulus, other_encryption;
};

ClientRequest client_request(const crypto::Provider& provider) {
  const DeviceKeys keys = vector_device(provider, "dirclient");
  const DeviceKeys other = vector_device(provider, "dirother");
  crypto::DeterministicRng rng(20261203, "registration-client");
  directory::RegistrationRequest r;
  r.account = "alice";
  r.push_token.resize(32);
  rng.fill(r.push_token);
  r.identity = keys.identity().blob();
  r.encryption_key = keys.encryption_public();
  r.timestamp = 1'700'000'000;  // the world clock after reset (REQ-SHIM-5)
  r.nonce.resize(16);
  auto message = [&] {
    const std::string label = "imref-register-v1";
    Bytes m(label.begin(), label.end());
    m.push_back(static_cast<uint8_t>(r.account.size() >> 8));
    m.push_back(static_cast<uint8_t>(r.account.size()));
    m.insert(m.end(), r.account.begin(), r.account.end());
    for (const Bytes* b : {&r.push_token, &r.identity, &r.encryption_key})
      m.insert(m.end(), b->begin(), b->end());
    for (int i = 7; i >= 0; --i) m.push_back(static_cast<uint8_t>(r.timestamp >> (8 * i)));
    m.insert(m.end(), r.nonce.begin(), r.nonce.end());
    return m;
  };
  // Nonces are drawn until the DER signature has 72 bytes, the most REQ-DIR-4 allows.
  do {
    rng.fill(r.nonce);
    r.signature = keys.sender()
                      .signing->sign(crypto::Hash::sha256, crypto::SigFormat::der, message())
                      .value();
  } while (r.signature.size() != 72);
  claim(message() == directory::registration_message(r),
        "the signed bytes are REQ-DIR-2's, as the reference builds them");
  ClientRequest c;
  c.request = {{"account", r.account},
               {"push_token", to_hex(r.push_token)},
               {"identity", to_hex(r.identity)},
               {"encryption_public", to_hex(r.encryption_key)},
               {"timestamp", r.timestamp},
               {"nonce", to_hex(r.nonce)},
               {"signature", to_hex(r.signature)}};
  c.identity = r.identity;
  c.encryption_public = r.encryption_key;
  c.push_token = r.push_token;
  c.same_key_other_modulus = PublicIdentity::encode(provider, keys.identity().signing_public(),
                                                    other.identity().rsa_modulus())
                                 .value()
                                 .blob();
  const PublicIdentity second = PublicIdentity::decode(provider, c.same_key_other_modulus).value();
  const ByteView a = keys.identity().signing_public(), b = second.signing_public();
  claim(c.same_key_other_modulus.size() == 249 && c.same_key_other_modulus != c.identity &&
            std::equal(a.begin(), a.end(), b.begin(), b.end()),
        "the second identity has the same signing key and another modulus");
  c.other_encryption = other.encryption_public();
  return c;
}

Json with_field(Json request, const std::string& key, Json value) {
  request[key] = std::move(value);
  return request;
}

void register_client_signed_cases(TestList& l, const crypto::Provider& provider) {
  const ClientRequest c = client_request(provider);
  Bytes nonce = from_hex(c.request["nonce"].get<std::string>()).value();
  nonce.back() ^= 0x01;
  Bytes token = c.push_token;
  token.front() ^= 0x80;
  Bytes signature = from_hex(c.request["signature"].get<std::string>()).value();
  signature.back() ^= 0x01;
  const Json& k = c.request;
  Steps steps =
      Steps{account("alice"), account("bob"), device("phone", "alice")} +
      verify_email("alice", "a@example.com") +
      Steps{alerts("phone").field("alerts", Json::array({alert("email", "a@example.com")}))};
  for (const Json& forged :
       {with_field(k, "nonce", to_hex(nonce)),
        with_field(k, "identity", to_hex(c.same_key_other_modulus)),
        with_field(k, "timestamp", k["timestamp"].get<uint64_t>() + 1),
        with_field(k, "push_token", to_hex(token)),
        with_field(k, "encryption_public", to_hex(c.other_encryption)),
        with_field(k, "account", "bob"), with_field(k, "signature", to_hex(signature))}) {
    steps.push_back(submit(forged).error("bad_signature"));
  }
  steps = steps + Steps{lookup("a@example.com")
                            .count("devices", 1)
                            .field("devices.0.push_token", "$phone.push_token"),
                        alerts("phone").count("alerts", 0), submit(k),
                        lookup("a@example.com")
                            .count("devices", 2)
                            .field("devices.0.push_token", "$phone.push_token")
                            .field("devices.1.identity", to_hex(c.identity))
                            .field("devices.1.encryption_public", to_hex(c.encryption_public))
                            .field("devices.1.push_token", to_hex(c.push_token)),
                        alerts("phone").field(
                            "alerts", Json::array({alert("device", to_hex(c.push_token))}))};
  add_scenario(l, "register-client-signed",
               "a request signed over REQ-DIR-2's bytes by keys outside the world (a 72-byte "
               "signature): its nonce, identity (same signing key, another modulus), timestamp, "
               "push token, encryption key, account or signature changed is refused; as signed "
               "it is accepted",
               {"WrongSigner", "Registration", "NoStateChange"}, {"REQ-DIR-2", "REQ-DIR-4"}, steps,
               "bad_signature");

  // Every field of the wrong size is too_large, whatever the others hold; an
  // identity one byte short or long is malformed.
  Steps sizes = Steps{account("alice"), device("phone", "alice"), request("mac", "alice")};
  for (const auto& [key, bytes] :
       std::vector<std::pair<std::string, size_t>>{{"push_token", 31},
                                                   {"push_token", 33},
                                                   {"nonce", 15},
                                                   {"nonce", 17},
                                                   {"encryption_public", 64},
                                                   {"encryption_public", 66},
                                                   {"signature", 73}}) {
    sizes.push_back(submit(req_with(key, std::string(2 * bytes, '0'))).error("too_large"));
  }
  sizes.push_back(submit(req_with("account", std::string(65, 'a'))).error("too_large"));
  sizes.push_back(submit(req_with("signature", std::string(2 * 72, '0'))).error("bad_signature"));
  const Bytes short_id(c.identity.begin(), c.identity.end() - 1);
  Bytes long_id = c.identity;
  long_id.push_back(0);
  sizes.push_back(submit(req_with("identity", to_hex(short_id))).error("malformed_identity"));
  sizes.push_back(submit(req_with("identity", to_hex(long_id))).error("malformed_identity"));
  sizes.push_back(submit(req_with("identity", to_hex(c.identity))).error("bad_signature"));
  sizes.push_back(alerts("phone").count("alerts", 0));
  sizes.push_back(submit());
  sizes.push_back(
      alerts("phone").field("alerts", Json::array({alert("device", "$req.push_token")})));
  add_scenario(l, "register-field-sizes",
               "push token 31 and 33 bytes, nonce 15 and 17, encryption key 64 and 66, signature "
               "73, account 65: too_large; a 72-byte signature is checked; an identity of 248 or "
               "250 bytes is malformed",
               {"BadRequest", "NoStateChange"}, {"REQ-DIR-4"}, sizes, "too_large");
}

// Removals (REQ-DIR-6, REQ-ALERT-3): what goes with a removed device or
// handle, and what stays.
void removal_follow_up_cases(TestList& l) {
  const Step remove_phone =
      Step("device.remove", {{"account", "alice"}, {"push_token", "$phone.push_token"}});
  add_scenario(
      l, "removed-device-keeps-received-alerts",
      "what reached an online device before it was removed stays with it", {"Removal", "Alerts"},
      {"REQ-ALERT-3", "REQ-DIR-6"},
      Steps{account("alice"), device("phone", "alice"), device("mac", "alice"), remove_phone,
            alerts("phone").field("alerts", Json::array({device_alert("mac")})),
            device("ipad", "alice"), alerts("phone").count("alerts", 0)});
  add_scenario(
      l, "removed-device-queue-deleted",
      "alerts queued for an offline device are deleted with it: it gets none when it connects",
      {"Removal", "OfflineAlerts"}, {"REQ-ALERT-3", "REQ-DIR-6"},
      Steps{account("alice"), device("phone", "alice"), device("mac", "alice"),
            alerts("mac").count("alerts", 0), Step("device.disconnect", {{"device", "mac"}})} +
          verify_email("alice", "a@example.com") +
          Steps{Step("device.remove", {{"account", "alice"}, {"push_token", "$mac.push_token"}}),
                Step("device.connect", {{"device", "mac"}}), alerts("mac").count("alerts", 0),
                alerts("phone").field("alerts", Json::array({device_alert("mac"),
                                                             alert("email", "a@example.com")}))});
  add_scenario(
      l, "removed-device-reregisters",
      "a removed device's push token is free again: it registers anew, listed last, and is "
      "announced",
      {"Removal", "Registration", "Alerts"}, {"REQ-DIR-4", "REQ-DIR-6", "REQ-ALERT-1"},
      alice_with_phone() +
          Steps{device("mac", "alice"), device("ipad", "alice"), remove_phone,
                request("phone", "alice"), submit(),
                lookup("a@example.com")
                    .count("devices", 3)
                    .field("devices.0.push_token", "$mac.push_token")
                    .field("devices.1.push_token", "$ipad.push_token")
                    .field("devices.2.push_token", "$phone.push_token"),
                alerts("mac").field("alerts",
                                    Json::array({device_alert("ipad"), device_alert("phone")})),
                alerts("ipad").field("alerts", Json::array({device_alert("phone")})),
                alerts("phone").field(
                    "alerts", Json::array({alert("email", "a@example.com"), device_alert("mac"),
                                           device_alert("ipad")}))});
  add_scenario(
      l, "remove-device-twice",
      "a removed device cannot be removed again, and its world name stays taken; an unknown "
      "account removes nothing",
      {"Removal", "BadRequest"}, {"REQ-DIR-6"},
      alice_with_phone() +
          Steps{device("mac", "alice"), remove_phone, Step(remove_phone).error("not_found"),
                Step("device.add", {{"device", "phone"}, {"account", "alice"}}).error("duplicate"),
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$mac.push_token"),
                Step("device.remove", {{"account", "nobody"}, {"push_token", "$mac.push_token"}})
                    .error("unknown_account"),
                Step("handle.remove", {{"account", "nobody"}, {"handle", "a@example.com"}})
                    .error("unknown_account"),
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$mac.push_token")},
      "not_found");
  add_scenario(
      l, "remove-device-last-and-middle",
      "three devices: the last removed, then the middle; the others stay in order", {"Removal"},
      {"REQ-DIR-6"},
      alice_with_phone() +
          Steps{device("mac", "alice"), device("ipad", "alice"),
                Step("device.remove", {{"account", "alice"}, {"push_token", "$ipad.push_token"}}),
                lookup("a@example.com")
                    .count("devices", 2)
                    .field("devices.0.push_token", "$phone.push_token")
                    .field("devices.1.push_token", "$mac.push_token"),
                Step("device.remove", {{"account", "alice"}, {"push_token", "$mac.push_token"}}),
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token")});
  add_scenario(
      l, "removed-last-device-hears-nothing",
      "three devices, the last removed: it hears nothing of a later device, the others do",
      {"Removal", "Alerts"}, {"REQ-DIR-6", "REQ-ALERT-3"},
      Steps{account("alice"), device("phone", "alice"), device("mac", "alice"),
            device("ipad", "alice"), alerts("phone").count("alerts", 2),
            alerts("mac").count("alerts", 1), alerts("ipad").count("alerts", 0),
            Step("device.remove", {{"account", "alice"}, {"push_token", "$ipad.push_token"}}),
            device("tv", "alice"), alerts("ipad").count("alerts", 0),
            alerts("mac").field("alerts", Json::array({device_alert("tv")})),
            alerts("phone").field("alerts", Json::array({device_alert("tv")}))});
  add_scenario(
      l, "remove-handle-then-reclaim",
      "a removed address cannot be removed again; another account verifies it, silently for "
      "alice",
      {"Removal", "BadRequest"}, {"REQ-DIR-6", "REQ-VERIFY-3", "REQ-ALERT-2"},
      alice_with_phone() +
          Steps{Step("handle.remove", {{"account", "alice"}, {"handle", "a@example.com"}}),
                Step("handle.remove", {{"account", "alice"}, {"handle", "a@example.com"}})
                    .error("unknown_handle"),
                account("bob"), device("bobphone", "bob")} +
          verify_email("bob", "a@example.com") +
          Steps{lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$bobphone.push_token"),
                alerts("phone").field("alerts", Json::array({alert("email", "a@example.com")}))},
      "unknown_handle");
  add_scenario(
      l, "remove-one-of-three-handles",
      "three addresses: the last removed, then the first; the one left still finds the device",
      {"Removal", "UnverifiedHandle"}, {"REQ-DIR-6"},
      alice_with_phone() + verify_email("alice", "a2@example.com") +
          verify_email("alice", "a3@example.com") +
          Steps{Step("handle.remove", {{"account", "alice"}, {"handle", "a3@example.com"}}),
                lookup("a3@example.com").error("unknown_handle"),
                lookup("a@example.com").count("devices", 1),
                Step("handle.remove", {{"account", "alice"}, {"handle", "a@example.com"}}),
                lookup("a@example.com").error("unknown_handle"),
                lookup("a2@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token")},
      "unknown_handle");
}

// Alerts over several devices, the one that matters last (REQ-ALERT-1..3).
void alert_collection_cases(TestList& l) {
  const Steps three = {account("alice"),
                       device("phone", "alice"),
                       device("mac", "alice"),
                       device("ipad", "alice"),
                       alerts("phone").count("alerts", 2),
                       alerts("mac").count("alerts", 1),
                       alerts("ipad").count("alerts", 0)};
  const Json phone_alert = Json::array({alert("phone", "+14155550100")});
  add_scenario(l, "alert-phone-every-device", "a verified number alerts each of three devices",
               {"Alerts"}, {"REQ-ALERT-1"},
               three + carrier("zr", true, "sim1", "+14155550100") +
                   Steps{add_phone("alice", "+14155550100", "zr", "sim1", false),
                         alerts("ipad").field("alerts", phone_alert),
                         alerts("mac").field("alerts", phone_alert),
                         alerts("phone").field("alerts", phone_alert)});
  add_scenario(
      l, "alert-other-account-silent-last",
      "bob's devices, registered after alice's, hear nothing of alice's address", {"Alerts"},
      {"REQ-ALERT-2"},
      Steps{account("alice"), account("bob"), device("phone", "alice"), device("mac", "alice"),
            device("bobphone", "bob"), device("bobmac", "bob")} +
          verify_email("alice", "a@example.com") +
          Steps{alerts("bobmac").count("alerts", 0),
                alerts("bobphone").field("alerts", Json::array({device_alert("bobmac")})),
                alerts("mac").field("alerts", Json::array({alert("email", "a@example.com")}))});
  const Json tv_then_email = Json::array({device_alert("tv"), alert("email", "a@example.com")});
  add_scenario(
      l, "alert-offline-last-device",
      "the last of three devices is offline: its alerts wait, in order, until it connects",
      {"OfflineAlerts"}, {"REQ-ALERT-3"},
      three + Steps{Step("device.disconnect", {{"device", "ipad"}}), device("tv", "alice")} +
          verify_email("alice", "a@example.com") +
          Steps{alerts("ipad").count("alerts", 0), Step("device.connect", {{"device", "ipad"}}),
                alerts("ipad").field("alerts", tv_then_email),
                alerts("mac").field("alerts", tv_then_email)});
  add_scenario(
      l, "alert-offline-three-kinds-a-month",
      "a device away for 31 days gets a device, an address and a number alert, in order",
      {"OfflineAlerts"}, {"REQ-ALERT-3"},
      Steps{account("alice"), device("phone", "alice"),
            Step("device.disconnect", {{"device", "phone"}}), device("mac", "alice"),
            Step("clock.advance", {{"seconds", 15 * 86400}})} +
          verify_email("alice", "a@example.com") +
          Steps{Step("clock.advance", {{"seconds", 16 * 86400}})} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{add_phone("alice", "+14155550100", "zr", "sim1", false),
                Step("device.connect", {{"device", "phone"}}),
                alerts("phone").field(
                    "alerts", Json::array({device_alert("mac"), alert("email", "a@example.com"),
                                           alert("phone", "+14155550100")}))});
}

// Tokens (REQ-VERIFY-2, -3): several for one address; an account that does
// not exist.
void email_token_collection_cases(TestList& l) {
  add_scenario(
      l, "email-two-tokens",
      "two tokens mailed: the last verifies the address; the first then finds it verified",
      {"EmailVerification", "ReusedToken"}, {"REQ-VERIFY-1", "REQ-VERIFY-3"},
      Steps{account("alice"), device("phone", "alice"),
            Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
            Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
            Step("email.read", {{"email", "a@example.com"}})
                .count("tokens", 2)
                .hex("tokens.0", 16)
                .hex("tokens.1", 16)
                .capture("t", "tokens"),
            Step("email.confirm", {{"account", "alice"}, {"token", "$t.1"}}),
            lookup("a@example.com").count("devices", 1),
            Step("email.confirm", {{"account", "alice"}, {"token", "$t.0"}}).error("duplicate"),
            alerts("phone").field("alerts", Json::array({alert("email", "a@example.com")}))},
      "duplicate");
  add_scenario(
      l, "email-confirm-unknown-account",
      "a token presented for an account that does not exist: unknown_account; the token stays "
      "good",
      {"BadRequest", "NoStateChange"}, {"REQ-VERIFY-2", "REQ-DIR-4"},
      Steps{account("alice"), device("phone", "alice"),
            Step("email.add", {{"account", "alice"}, {"email", "a@example.com"}}),
            Step("email.read", {{"email", "a@example.com"}}).capture("token", "tokens.0"),
            Step("email.confirm", {{"account", "nobody"}, {"token", "$token"}})
                .error("unknown_account"),
            Step("email.confirm",
                 {{"account", "nobody"}, {"token", "00000000000000000000000000000000"}})
                .error("unknown_account"),
            lookup("a@example.com").error("unknown_handle"), alerts("phone").count("alerts", 0),
            Step("email.confirm", {{"account", "alice"}, {"token", "$token"}}),
            lookup("a@example.com")
                .count("devices", 1)
                .field("devices.0.push_token", "$phone.push_token")},
      "unknown_account");
}

// A device's passcode is 1 to 256 bytes (REQ-KEYCHAIN-1), at device.add and at unlock.
void passcode_limit_cases(TestList& l) {
  std::string p256, p257;
  for (int i = 0; i < 256; ++i) p256 += "61";  // "a" x 256
  p257 = p256 + "61";
  add_scenario(
      l, "keychain-passcode-limits",
      "passcodes of 256 and 1 bytes set and unlock a device; 257 bytes are refused at add and "
      "at unlock",
      {"WrongPasscode", "AfterFirstUnlock", "NoStateChange"}, {"REQ-KEYCHAIN-1"},
      Steps{account("alice"),
            Step("device.add", {{"device", "phone"}, {"account", "alice"}, {"passcode", p256}})
                .capture("phone", ""),
            Step("device.add", {{"device", "mac"}, {"account", "alice"}, {"passcode", "31"}})
                .capture("mac", ""),
            Step("device.add", {{"device", "ipad"}, {"account", "alice"}, {"passcode", p257}})
                .error("invalid_argument"),
            Step("device.state", {{"device", "ipad"}}).error("not_found"),
            alerts("phone").field("alerts", Json::array({device_alert("mac")})), reboot("phone"),
            unlock("phone", p257).error("invalid_argument"), state("phone", false, true),
            unlock("phone", p256), state("phone", true, false), reboot("mac"), unlock("mac", "31"),
            state("mac", true, false)},
      "invalid_argument");
}

// Names that exist already or not at all (REQ-DIR-4): a second
// account.create or carrier.create is duplicate and leaves the first as it
// was; a number for a missing account verifies nothing.
void create_twice_cases(TestList& l) {
  add_scenario(
      l, "account-create-twice",
      "an account created again: duplicate, its devices and handles kept",
      {"BadRequest", "NoStateChange"}, {"REQ-DIR-4"},
      alice_with_phone() +
          Steps{Step("account.create", {{"account", "alice"}}).error("duplicate"),
                lookup("a@example.com")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token"),
                alerts("phone").field("alerts", Json::array({alert("email", "a@example.com")})),
                device("mac", "alice"),
                alerts("phone").field("alerts", Json::array({device_alert("mac")}))},
      "duplicate");
  add_scenario(
      l, "carrier-create-twice",
      "a carrier created again, or with no name, is refused; the first stays zero-rated",
      {"BadRequest", "NoStateChange"}, {"REQ-VERIFY-4"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{
              Step("carrier.create", {{"carrier", "zr"}, {"zero_rated", false}}).error("duplicate"),
              Step("carrier.create", {{"carrier", ""}, {"zero_rated", true}})
                  .error("invalid_argument"),
              add_phone("alice", "+14155550100", "zr", "sim1", false),
              lookup("+14155550100").count("devices", 1)},
      "duplicate");
  add_scenario(
      l, "phone-unknown-account", "a number for an account that does not exist",
      {"BadRequest", "NoStateChange"}, {"REQ-DIR-4"},
      Steps{account("alice"), device("phone", "alice")} +
          carrier("zr", true, "sim1", "+14155550100") +
          Steps{add_phone("nobody", "+14155550100", "zr", "sim1", false).error("unknown_account"),
                lookup("+14155550100").error("unknown_handle"),
                add_phone("alice", "+14155550100", "zr", "sim1", false),
                lookup("+14155550100")
                    .count("devices", 1)
                    .field("devices.0.push_token", "$phone.push_token")},
      "unknown_account");
}

// The groups in file order: tcIds follow the calls, so new groups go last.
namespace {

// pair-ec publication (REQ-PAIREC-50..52, -56, -57).

// ec_req_with is the captured request, its pair-ec fields included, with
// |key| replaced (or left out when |value| is null).
Json ec_req_with(const std::string& key, Json value) {
  Json r;
  for (const char* k : {"account", "push_token", "identity", "encryption_public", "timestamp",
                        "nonce", "signature", "ngm_public", "prekey_record"})
    r[k] = std::string("$req.") + k;
  if (value.is_null())
    r.erase(key);
  else
    r[key] = std::move(value);
  return r;
}

Step rotate(const std::string& dev) {
  return Step("device.rotate_prekey", {{"device", dev}});
}

void pair_ec_registration_cases(TestList& l) {
  add_scenario(l, "pair-ec-lookup-shows-ngm-key-and-prekey",
               "a device publishes its NGM key and prekey record; the lookup returns both",
               {"PairEcPublished", "Lookup"}, {"REQ-PAIREC-50", "REQ-PAIREC-52"},
               Steps{account("alice"),
                     device("phone", "alice").hex("ngm_public", 32).hex("prekey_record", 109)} +
                   verify_email("alice", "a@example.com") +
                   Steps{lookup("a@example.com")
                             .count("devices", 1)
                             .keys("devices", kWorldLookupFields)
                             .field("devices.0.ngm_public", "$phone.ngm_public")
                             .field("devices.0.prekey_record", "$phone.prekey_record")});
  add_scenario(
      l, "pair-ec-legacy-device-publishes-none",
      "a device that speaks only pair registers without NGM key or record; lookups show none",
      {"PairEcPublished", "Lookup"}, {"REQ-PAIREC-50", "REQ-PAIREC-52"},
      Steps{account("alice"),
            Step("device.add", {{"device", "old"}, {"account", "alice"}, {"pair_ec", false}})
                .capture("old", "")} +
          verify_email("alice", "a@example.com") +
          Steps{lookup("a@example.com")
                    .count("devices", 1)
                    .keys("devices", kLookupFields)
                    .field("devices.0.push_token", "$old.push_token"),
                request("mac", "alice", {{"pair_ec", false}}), submit(),
                lookup("a@example.com").count("devices", 2).keys("devices", kLookupFields)});
  add_scenario(
      l, "pair-ec-register-record-of-another-device",
      "mac's request with phone's prekey record, or phone's NGM key: the record does not verify",
      {"PairEcBadRecord", "NoStateChange"}, {"REQ-PAIREC-50", "REQ-PAIREC-51"},
      Steps{account("alice"), device("phone", "alice"), request("mac", "alice"),
            submit(ec_req_with("prekey_record", "$phone.prekey_record")).error("bad_signature"),
            submit(ec_req_with("ngm_public", "$phone.ngm_public")).error("bad_signature")} +
          verify_email("alice", "a@example.com") +
          Steps{lookup("a@example.com").count("devices", 1), submit(),
                lookup("a@example.com")
                    .count("devices", 2)
                    .field("devices.1.ngm_public", "$req.ngm_public")
                    .field("devices.1.prekey_record", "$req.prekey_record")},
      "bad_signature");
  add_scenario(
      l, "pair-ec-register-malformed-fields",
      "an NGM key without a record (or the reverse), a record of zeros, an NGM key of 0xff "
      "(x >= p), a record of 108 bytes: refused before the request's signature is checked",
      {"PairEcBadRecord", "NoStateChange"}, {"REQ-PAIREC-51"},
      Steps{account("alice"), device("phone", "alice"), request("mac", "alice"),
            submit(ec_req_with("prekey_record", nullptr)).error("malformed_prekey"),
            submit(ec_req_with("ngm_public", nullptr)).error("malformed_prekey"),
            submit(ec_req_with("prekey_record", std::string(218, '0'))).error("malformed_prekey"),
            submit(ec_req_with("ngm_public", std::string(64, 'f'))).error("malformed_key"),
            submit(ec_req_with("prekey_record", std::string(216, '0'))).error("too_large"),
            submit(ec_req_with("ngm_public", std::string(62, '0'))).error("too_large"),
            alerts("phone").count("alerts", 0), submit(),
            alerts("phone").field("alerts", Json::array({device_alert("req")}))},
      "malformed_prekey");
  add_scenario(
      l, "pair-ec-register-expired-record",
      "a request carrying a prekey record signed 12,355,201 s ago is refused as expired; after "
      "a rotation the device registers",
      {"PairEcBadRecord", "PrekeyRotation"}, {"REQ-PAIREC-51", "REQ-PAIREC-56"},
      Steps{account("alice"), request("mac", "alice"),
            Step("clock.advance", {{"seconds", 12'355'201}}), request("mac", "alice"),
            submit().error("expired"), rotate("mac").field("published", false),
            request("mac", "alice"), submit()},
      "expired");
  add_scenario(
      l, "pair-ec-register-record-at-the-age-limit",
      "a record exactly 12,355,200 s old is still accepted", {"PairEcPublished"}, {"REQ-PAIREC-51"},
      Steps{account("alice"), request("mac", "alice"),
            Step("clock.advance", {{"seconds", 12'355'200}}), request("mac", "alice"), submit()});
  add_scenario(
      l, "pair-ec-rotate-publishes",
      "a rotation makes a new record, published at once; the device keeps both prekeys",
      {"PrekeyRotation", "Lookup"}, {"REQ-PAIREC-56", "REQ-PAIREC-57"},
      alice_with_phone() + Steps{Step("clock.advance", {{"seconds", 604'800}}),
                                 rotate("phone")
                                     .hex("prekey_record", 109)
                                     .field("prekeys", 2)
                                     .field("published", true)
                                     .capture("rot", ""),
                                 lookup("a@example.com")
                                     .count("devices", 1)
                                     .field("devices.0.ngm_public", "$phone.ngm_public")
                                     .field("devices.0.prekey_record", "$rot.prekey_record"),
                                 Step("clock.advance", {{"seconds", 1}}),
                                 rotate("phone").field("prekeys", 3)});
  add_scenario(
      l, "pair-ec-rotate-same-second",
      "a rotation in the second of the newest record is refused: its record would not be newer",
      {"PrekeyRotation", "NoStateChange"}, {"REQ-PAIREC-56"},
      alice_with_phone() +
          Steps{rotate("phone").error("invalid_argument"),
                lookup("a@example.com").field("devices.0.prekey_record", "$phone.prekey_record"),
                Step("clock.advance", {{"seconds", 1}}), rotate("phone").field("prekeys", 2)},
      "invalid_argument");
  add_scenario(
      l, "pair-ec-rotate-drops-after-120-days",
      "a replaced prekey is kept 10,368,000 s from when it was replaced and deleted at the first "
      "rotation after that; the newest is always kept",
      {"PrekeyRotation"}, {"REQ-PAIREC-57"},
      alice_with_phone() +
          Steps{Step("clock.advance", {{"seconds", 1}}), rotate("phone").field("prekeys", 2),
                // The first prekey was replaced 10,368,000 s ago: kept.
                Step("clock.advance", {{"seconds", 10'368'000}}),
                rotate("phone").field("prekeys", 3),
                // Now 10,368,001 s: deleted.
                Step("clock.advance", {{"seconds", 1}}), rotate("phone").field("prekeys", 3),
                // A device that did not rotate for 143 days keeps the prekey it replaces now.
                Step("clock.advance", {{"seconds", 12'355'201}}),
                rotate("phone").field("prekeys", 2)});
  add_scenario(
      l, "pair-ec-publish-refused",
      "an older record, another device's record, a record for a device that speaks only pair "
      "or for no device: refused, the published record stays",
      {"PairEcBadRecord", "NoStateChange"}, {"REQ-PAIREC-56"},
      alice_with_phone() +
          Steps{device("mac", "alice"),
                Step("device.add", {{"device", "old"}, {"account", "alice"}, {"pair_ec", false}})
                    .capture("old", ""),
                Step("clock.advance", {{"seconds", 1}}), rotate("phone").capture("rot", ""),
                Step("dir.publish_prekey", {{"push_token", "$phone.push_token"},
                                            {"prekey_record", "$phone.prekey_record"}})
                    .error("replayed_request"),
                Step("dir.publish_prekey",
                     {{"push_token", "$phone.push_token"}, {"prekey_record", "$rot.prekey_record"}})
                    .error("replayed_request"),
                Step("dir.publish_prekey",
                     {{"push_token", "$phone.push_token"}, {"prekey_record", "$mac.prekey_record"}})
                    .error("bad_signature"),
                Step("dir.publish_prekey", {{"push_token", "$phone.push_token"},
                                            {"prekey_record", std::string(218, '0')}})
                    .error("malformed_prekey"),
                Step("dir.publish_prekey",
                     {{"push_token", "$old.push_token"}, {"prekey_record", "$rot.prekey_record"}})
                    .error("unsupported"),
                Step("dir.publish_prekey", {{"push_token", std::string(64, '0')},
                                            {"prekey_record", "$rot.prekey_record"}})
                    .error("not_found"),
                lookup("a@example.com")
                    .field("devices.0.prekey_record", "$rot.prekey_record")
                    .field("devices.1.prekey_record", "$mac.prekey_record")},
      "replayed_request");
  add_scenario(
      l, "pair-ec-rotate-needs-keys",
      "a rebooted device cannot rotate before its first unlock; a device that speaks only "
      "pair has no prekey to rotate",
      {"PrekeyRotation", "AfterFirstUnlock"}, {"REQ-PAIREC-56", "REQ-KEYCHAIN-10"},
      alice_with_phone() +
          Steps{Step("device.add", {{"device", "old"}, {"account", "alice"}, {"pair_ec", false}}),
                Step("clock.advance", {{"seconds", 1}}),
                Step("device.reboot", {{"device", "phone"}}), rotate("phone").error("locked"),
                lookup("a@example.com").field("devices.0.prekey_record", "$phone.prekey_record"),
                Step("device.unlock", {{"device", "phone"}, {"passcode", "30303030"}}),
                rotate("phone").field("prekeys", 2), rotate("old").error("unsupported")},
      "locked");
}

}  // namespace

Json registration_vectors(const crypto::Provider& provider) {
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
  handle_limit_cases(l);
  register_client_signed_cases(l, provider);
  removal_follow_up_cases(l);
  alert_collection_cases(l);
  email_token_collection_cases(l);
  passcode_limit_cases(l);
  create_twice_cases(l);
  pair_ec_registration_cases(l);

  return scenario_file("imref-registration", "RegistrationScenario",
                       "Registration scenarios: the key directory, handle verification, alerts "
                       "(docs/spec.md §9).",
                       notes(), l.take());
}

}  // namespace imref::vectorgen
