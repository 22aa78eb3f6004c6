// Copyright 2026 The imref Authors. SPDX-License-Identifier: Apache-2.0
//
// delivery_test.json: scenarios of sending and receiving through the world's
// directory, push relay and blob store (docs/spec.md §8), run by the scenario
// engine (conformance/runner/scenario.h). Keys, UUIDs and blobs are made by
// the implementation and referred to by the names steps capture; the long
// texts come from a seeded generator, so the file regenerates byte for byte.
#include "generate.h"
#include "imref/crypto/rng.h"
#include "scenario_steps.h"

namespace imref::vectorgen {

namespace {

constexpr int64_t kStart = 1'700'000'000;  // the world clock after reset
constexpr int64_t kRetention = 2'592'000;  // 30 days

const char* kAlice = "a@example.com";
const char* kBob = "b@example.com";
const char* kCarol = "c@example.com";
const char* kHello = "hello bob";

// world: alice (phone, mac), bob (iphone, ipad, bmac), carol (cphone), each
// with a verified address.
Steps world() {
  return Steps{account("alice"), device("phone", "alice"), device("mac", "alice")} +
         verify_email("alice", kAlice) +
         Steps{account("bob"), device("iphone", "bob"), device("ipad", "bob"),
               device("bmac", "bob")} +
         verify_email("bob", kBob) + Steps{account("carol"), device("cphone", "carol")} +
         verify_email("carol", kCarol);
}

Step relay_state() {
  return Step("relay.state");
}
Step connect(const std::string& dev) {
  return Step("device.connect", {{"device", dev}});
}
Step disconnect(const std::string& dev) {
  return Step("device.disconnect", {{"device", dev}});
}
Step advance(int64_t seconds) {
  return Step("clock.advance", {{"seconds", seconds}});
}
Step configure(int64_t limit) {
  return Step("relay.configure", {{"limit", limit}}).field("limit", limit);
}

Step failed(Step step, const std::string& code) {
  return std::move(step.count("shown", 0).count("failures", 1).field("failures.0", code));
}

// noise is |n| printable characters that gzip cannot shrink much (about 6
// bits each), so a text's sealed size is known in advance.
std::string noise(size_t n, uint64_t seed) {
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .";
  crypto::DeterministicRng rng(seed, "delivery-vectors-text");
  std::string out;
  for (uint8_t b : rng.bytes(n)) out += kAlphabet[b % 64];
  return out;
}

// The long text and the photo several groups share. Each noise() call has its
// own seeded stream, so they come out the same wherever they are made.
std::string six_k_text() {
  return noise(6000, 1);
}
Json photo_content() {
  return to_hex(to_bytes(noise(300, 3)));
}

Json notes() {
  Json n;
  note(n, "FanOut", "BASIC",
       "One sealed copy per device: every recipient device and the sender's own other devices.");
  note(n, "GroupFanOut", "BASIC", "A group message reaches every member's devices.");
  note(n, "OfflineQueue", "BASIC",
       "A push for an offline device waits at the relay and is handed over, in order, on connect.");
  note(n, "Expiry", "MISSING_STEP", "A push that has waited 30 days is dropped, not delivered.");
  note(n, "DeleteOnDelivery", "MISSING_STEP",
       "The relay keeps nothing of a push it has handed over.");
  note(n, "SizeLimit", "BASIC",
       "A message too large for the relay's limit (4 KB or 16 KB) travels as a long-message "
       "attachment.");
  note(n, "Attachment", "BASIC",
       "An attachment is uploaded encrypted and fetched by the receiver.");
  note(n, "BlobMissing", "MISSING_STEP",
       "The blob store no longer holds a blob a message refers to. An attachment is reported "
       "beside the message; a long message is the message, so the push fails.");
  note(n, "BlobTampering", "MODIFIED_CIPHERTEXT",
       "The operator changed a blob: the SHA-1 in the sealed message no longer matches, and the "
       "blob must be refused before it is decrypted.");
  note(n, "Replay", "MISSING_STEP", "The relay hands over a push again: it is shown once.");
  note(n, "Reorder", "BASIC", "The relay hands pushes over out of order: each is shown once.");
  note(n, "Metadata", "MODIFIED_PARAMETER",
       "The relay changed the clear UUID or sender handle beside the payload.");
  note(n, "UnknownSender", "MISSING_STEP",
       "The sending device cannot be found in the directory: the push is reported, not shown.");
  note(n, "BadRequest", "MODIFIED_PARAMETER",
       "A send to an unknown handle or from a device of another handle changes nothing.");
  return n;
}

// Fan-out (REQ-DELIVERY-1, -2, -3): a copy for every device of every recipient
// and for the sender's other devices, none for the sending device.
void fanout_cases(TestList& l) {
  add_scenario(l, "fanout-recipient-and-own-devices",
               "alice's phone to bob: bob's three devices and alice's mac, not the phone itself",
               {"FanOut"}, {"REQ-DELIVERY-1", "REQ-DELIVERY-2", "REQ-DELIVERY-3"},
               world() + Steps{send("m", "phone", kAlice, {kBob}, kHello)
                                   .field("pushes", 4)
                                   .field("via_attachment", false),
                               shown_once(receive("iphone"), "m", kAlice, kHello)
                                   .field("shown.0.timestamp", kStart)
                                   .field("shown.0.participants", Json::array({kAlice, kBob}))
                                   .count("shown.0.attachments", 0),
                               shown_once(receive("ipad"), "m", kAlice, kHello),
                               shown_once(receive("bmac"), "m", kAlice, kHello),
                               shown_once(receive("mac"), "m", kAlice, kHello),
                               nothing(receive("phone")), nothing(receive("cphone"))});
  add_scenario(
      l, "fanout-from-a-three-device-account",
      "bob's ipad to alice: alice's two devices and bob's iphone and mac", {"FanOut"},
      {"REQ-DELIVERY-1"},
      world() + Steps{send("m", "ipad", kBob, {kAlice}, "hi").field("pushes", 4),
                      shown_once(receive("phone"), "m", kBob, "hi"),
                      shown_once(receive("mac"), "m", kBob, "hi"),
                      shown_once(receive("iphone"), "m", kBob, "hi"),
                      shown_once(receive("bmac"), "m", kBob, "hi"), nothing(receive("ipad"))});
  add_scenario(l, "fanout-note-to-self",
               "alice to her own address: only her other device gets a copy", {"FanOut"},
               {"REQ-DELIVERY-1"},
               world() + Steps{send("m", "phone", kAlice, {kAlice}, "note").field("pushes", 1),
                               shown_once(receive("mac"), "m", kAlice, "note")
                                   .field("shown.0.participants", Json::array({kAlice})),
                               nothing(receive("phone"))});
  add_scenario(
      l, "fanout-after-device-removal", "a device bob removed gets nothing; the others do",
      {"FanOut"}, {"REQ-DELIVERY-1"},
      world() +
          Steps{Step("device.remove", {{"account", "bob"}, {"push_token", "$ipad.push_token"}}),
                send("m", "phone", kAlice, {kBob}, kHello).field("pushes", 3),
                nothing(receive("ipad")), shown_once(receive("iphone"), "m", kAlice, kHello)});
}

// A group message reaches every member's devices (REQ-MESSAGE-1).
void group_fanout_case(TestList& l) {
  add_scenario(
      l, "group-fanout", "alice to bob and carol in a group: five copies, group id and name kept",
      {"GroupFanOut", "FanOut"}, {"REQ-DELIVERY-1", "REQ-MESSAGE-1"},
      world() +
          Steps{send("m", "phone", kAlice, {kBob, kCarol}, "dinner?",
                     {{"group",
                       {{"id", "5B0F7D44-2C1A-4E8B-9D6F-0A1B2C3D4E5F"}, {"name", "Friends"}}}})
                    .field("pushes", 5),
                shown_once(receive("cphone"), "m", kAlice, "dinner?")
                    .field("shown.0.participants", Json::array({kAlice, kBob, kCarol}))
                    .field("shown.0.group.id", "5B0F7D44-2C1A-4E8B-9D6F-0A1B2C3D4E5F")
                    .field("shown.0.group.name", "Friends"),
                shown_once(receive("iphone"), "m", kAlice, "dinner?"),
                shown_once(receive("ipad"), "m", kAlice, "dinner?"),
                shown_once(receive("bmac"), "m", kAlice, "dinner?"),
                shown_once(receive("mac"), "m", kAlice, "dinner?")});
}

// The relay: delete on delivery, the offline queue, expiry (REQ-DELIVERY-3..5).
void relay_queue_cases(TestList& l) {
  add_scenario(
      l, "online-delivery-keeps-nothing",
      "every device online: the relay holds nothing once it has handed the pushes over",
      {"DeleteOnDelivery"}, {"REQ-DELIVERY-3"},
      world() + Steps{send("m", "phone", kAlice, {kCarol}, "hi carol").field("pushes", 2),
                      relay_state().field("queued", 0).field("delivered", 2).field("dropped", 0),
                      shown_once(receive("cphone"), "m", kAlice, "hi carol")});
  add_scenario(l, "offline-queue-then-delete",
               "bob's ipad is offline: its push waits, is handed over on connect and is then gone",
               {"OfflineQueue", "DeleteOnDelivery"}, {"REQ-DELIVERY-4"},
               world() + Steps{disconnect("ipad"), send("m", "phone", kAlice, {kBob}, kHello),
                               relay_state()
                                   .field("queued", 1)
                                   .field("delivered", 3)
                                   .field("pushes.0.token", "$ipad.push_token")
                                   .field("pushes.0.sender", kAlice)
                                   .field("pushes.0.uuid", "$m.uuid"),
                               nothing(receive("ipad")), connect("ipad"),
                               relay_state().field("queued", 0).field("delivered", 4),
                               shown_once(receive("ipad"), "m", kAlice, kHello), disconnect("ipad"),
                               connect("ipad"), nothing(receive("ipad"))});
  add_scenario(l, "offline-queue-in-order",
               "two messages wait for an offline device and arrive in the order sent",
               {"OfflineQueue"}, {"REQ-DELIVERY-4"},
               world() + Steps{disconnect("cphone"), send("m1", "phone", kAlice, {kCarol}, "one"),
                               send("m2", "mac", kAlice, {kCarol}, "two"),
                               relay_state().field("queued", 2), connect("cphone"),
                               receive("cphone")
                                   .count("shown", 2)
                                   .field("shown.0.uuid", "$m1.uuid")
                                   .field("shown.0.text", "one")
                                   .field("shown.1.uuid", "$m2.uuid")
                                   .field("shown.1.text", "two")});
  add_scenario(l, "expiry-after-30-days",
               "a push that waited 2,592,000 s is dropped: nothing arrives on connect", {"Expiry"},
               {"REQ-DELIVERY-5"},
               world() + Steps{disconnect("cphone"), send("m", "phone", kAlice, {kCarol}, "late"),
                               advance(kRetention), connect("cphone"), nothing(receive("cphone")),
                               relay_state().field("queued", 0).field("dropped", 1)});
  add_scenario(l, "expiry-last-second", "a push that waited 2,591,999 s is still delivered",
               {"OfflineQueue"}, {"REQ-DELIVERY-5"},
               world() + Steps{disconnect("cphone"), send("m", "phone", kAlice, {kCarol}, "just"),
                               advance(kRetention - 1), connect("cphone"),
                               shown_once(receive("cphone"), "m", kAlice, "just"),
                               relay_state().field("dropped", 0)});
}

// Size limits and the long-message path (REQ-DELIVERY-6, REQ-ATTACH-1, -3).
void long_message_cases(TestList& l) {
  const std::string six_k = six_k_text(), twenty_four_k = noise(24000, 2);
  add_scenario(
      l, "limit-4k-long-message",
      "6,000 characters over a 4 KB relay go as a long-message attachment", {"SizeLimit"},
      {"REQ-DELIVERY-6", "REQ-ATTACH-1"},
      world() +
          Steps{configure(4096),
                send("m", "phone", kAlice, {kCarol}, six_k)
                    .field("via_attachment", true)
                    .field("pushes", 2),
                Step("blob.list").count("blobs", 1),
                shown_once(receive("cphone"), "m", kAlice, six_k).count("shown.0.attachments", 0),
                shown_once(receive("mac"), "m", kAlice, six_k)});
  add_scenario(
      l, "limit-16k-inline", "the same 6,000 characters fit a 16 KB relay inline", {"SizeLimit"},
      {"REQ-DELIVERY-6"},
      world() + Steps{configure(16384),
                      send("m", "phone", kAlice, {kCarol}, six_k).field("via_attachment", false),
                      Step("blob.list").count("blobs", 0),
                      shown_once(receive("cphone"), "m", kAlice, six_k)});
  add_scenario(l, "limit-16k-long-message",
               "24,000 characters over a 16 KB relay go as a long-message attachment",
               {"SizeLimit"}, {"REQ-DELIVERY-6"},
               world() + Steps{send("m", "phone", kAlice, {kBob}, twenty_four_k)
                                   .field("via_attachment", true)
                                   .field("pushes", 4),
                               shown_once(receive("ipad"), "m", kAlice, twenty_four_k)});
  add_scenario(l, "long-message-tampered",
               "the operator changes the long-message blob: every receiver refuses it",
               {"BlobTampering"}, {"REQ-ATTACH-3", "REQ-DELIVERY-8", "REQ-DELIVERY-12"},
               world() + Steps{configure(4096), send("m", "phone", kAlice, {kCarol}, six_k),
                               Step("blob.list").count("blobs", 1).capture("blobs", "blobs"),
                               Step("blob.tamper", {{"url", "$blobs.0.url"}, {"offset", 100}}),
                               failed(receive("cphone"), "blob_mismatch"),
                               failed(receive("mac"), "blob_mismatch")},
               "blob_mismatch");
}

// Attachments (REQ-ATTACH-1, -3, -4): uploaded once, checked before decryption.
void attachment_cases(TestList& l) {
  const Json photo_hex = photo_content();
  add_scenario(
      l, "attachment-round-trip",
      "a 300-byte attachment is uploaded once and fetched by the receiver", {"Attachment"},
      {"REQ-ATTACH-1", "REQ-ATTACH-3", "REQ-ATTACH-4"},
      world() +
          Steps{send("m", "phone", kAlice, {kCarol}, "look",
                     {{"attachments", Json::array({{{"name", "p.jpg"}, {"content", photo_hex}}})}}),
                Step("blob.list")
                    .count("blobs", 1)
                    .field("blobs.0.size", 300)
                    .hex("blobs.0.sha1", 20),
                shown_once(receive("cphone"), "m", kAlice, "look")
                    .count("shown.0.attachments", 1)
                    .field("shown.0.attachments.0.name", "p.jpg")
                    .field("shown.0.attachments.0.size", 300)
                    .field("shown.0.attachments.0.content", photo_hex)});
  add_scenario(
      l, "attachment-tampered",
      "the operator flips one bit of the attachment blob: the receiver refuses it, undecrypted",
      {"BlobTampering"}, {"REQ-ATTACH-3", "REQ-DELIVERY-12"},
      world() +
          Steps{send("m", "phone", kAlice, {kCarol}, "look",
                     {{"attachments", Json::array({{{"name", "p.jpg"}, {"content", photo_hex}}})}}),
                Step("blob.list").capture("blobs", "blobs"),
                Step("blob.tamper", {{"url", "$blobs.0.url"}, {"offset", 299}}),
                shown_once(receive("cphone"), "m", kAlice, "look")
                    .count("shown.0.attachments", 1)
                    .keys("shown.0.attachments", {"name", "size", "error"})
                    .field("shown.0.attachments.0.error", "blob_mismatch")},
      "blob_mismatch");
}

// A relay that hands pushes over again or out of order (REQ-DELIVERY-9).
void relay_replay_cases(TestList& l) {
  add_scenario(l, "replay-after-receive", "the relay hands a shown push over again: not shown",
               {"Replay"}, {"REQ-DELIVERY-9"},
               world() + Steps{send("m", "phone", kAlice, {kBob}, kHello),
                               shown_once(receive("iphone"), "m", kAlice, kHello),
                               Step("relay.replay", {{"device", "iphone"}}).field("replayed", 1),
                               receive("iphone").count("shown", 0).field("duplicates", 1)});
  add_scenario(l, "replay-before-receive",
               "the relay hands the same push over twice before it is read: shown once", {"Replay"},
               {"REQ-DELIVERY-9"},
               world() + Steps{send("m", "phone", kAlice, {kCarol}, "once"),
                               Step("relay.replay", {{"device", "cphone"}}),
                               receive("cphone")
                                   .count("shown", 1)
                                   .field("shown.0.uuid", "$m.uuid")
                                   .field("duplicates", 1)});
  add_scenario(l, "reorder",
               "the relay hands two pushes over in reverse order: both shown, once each",
               {"Reorder"}, {"REQ-DELIVERY-9"},
               world() + Steps{disconnect("cphone"), send("m1", "phone", kAlice, {kCarol}, "first"),
                               send("m2", "phone", kAlice, {kCarol}, "second"), connect("cphone"),
                               Step("relay.reorder", {{"device", "cphone"}}).field("pending", 2),
                               Step("relay.replay", {{"device", "cphone"}}).field("replayed", 2),
                               receive("cphone")
                                   .count("shown", 2)
                                   .field("shown.0.uuid", "$m2.uuid")
                                   .field("shown.1.uuid", "$m1.uuid")
                                   .field("duplicates", 2)});
}

// A relay that rewrites the clear metadata, and a sender that is gone
// (REQ-DELIVERY-7, -8, -10).
void relay_metadata_cases(TestList& l) {
  add_scenario(
      l, "metadata-uuid-changed",
      "the relay changes the clear UUID beside the payload: refused, not shown", {"Metadata"},
      {"REQ-DELIVERY-10", "REQ-DELIVERY-8"},
      world() + Steps{send("m", "phone", kAlice, {kCarol}, "hi"),
                      Step("relay.rewrite",
                           {{"device", "cphone"}, {"uuid", "00000000-0000-0000-0000-000000000000"}})
                          .field("rewritten", 1),
                      failed(receive("cphone"), "malformed_message")},
      "malformed_message");
  add_scenario(
      l, "metadata-sender-changed",
      "the relay names alice's other address as sender: not a participant, refused", {"Metadata"},
      {"REQ-DELIVERY-10"},
      world() + verify_email("alice", "a2@example.com") +
          Steps{send("m", "phone", kAlice, {kCarol}, "hi"),
                Step("relay.rewrite", {{"device", "cphone"}, {"sender", "a2@example.com"}}),
                failed(receive("cphone"), "malformed_message")},
      "malformed_message");
  add_scenario(l, "unknown-sender",
               "the sending device is removed before carol reads: its push is reported, not shown",
               {"UnknownSender"}, {"REQ-DELIVERY-7", "REQ-DELIVERY-8"},
               world() + Steps{send("m", "phone", kAlice, {kCarol}, "hi"),
                               Step("device.remove",
                                    {{"account", "alice"}, {"push_token", "$phone.push_token"}}),
                               failed(receive("cphone"), "not_found")},
               "not_found");
}

// Refused sends change nothing (REQ-DELIVERY-1, -2).
void refused_send_cases(TestList& l) {
  add_scenario(l, "send-to-unknown-handle", "a send to a handle nobody verified pushes nothing",
               {"BadRequest"}, {"REQ-DELIVERY-1"},
               world() + Steps{Step("send", {{"device", "phone"},
                                             {"from", kAlice},
                                             {"to", Json::array({kCarol, "nobody@example.com"})},
                                             {"text", "hi"}})
                                   .error("unknown_handle"),
                               relay_state().field("queued", 0).field("delivered", 0),
                               nothing(receive("cphone"))},
               "unknown_handle");
  add_scenario(l, "send-from-another-handle",
               "bob's iphone cannot send as alice: refused, nothing pushed", {"BadRequest"},
               {"REQ-DELIVERY-2"},
               world() + Steps{Step("send", {{"device", "iphone"},
                                             {"from", kAlice},
                                             {"to", Json::array({kCarol})},
                                             {"text", "hi"}})
                                   .error("invalid_argument"),
                               relay_state().field("delivered", 0)},
               "invalid_argument");
}

// A blob the store no longer has (REQ-DELIVERY-12).
void missing_blob_cases(TestList& l) {
  const std::string six_k = six_k_text();
  const Json photo_hex = photo_content();
  add_scenario(
      l, "attachment-missing",
      "the operator loses the attachment blob: the message is shown, the attachment is not_found",
      {"BlobMissing"}, {"REQ-DELIVERY-12", "REQ-ATTACH-3"},
      world() +
          Steps{send("m", "phone", kAlice, {kCarol}, "look",
                     {{"attachments", Json::array({{{"name", "p.jpg"}, {"content", photo_hex}}})}}),
                Step("blob.list").capture("blobs", "blobs"),
                Step("blob.remove", {{"url", "$blobs.0.url"}}), Step("blob.list").count("blobs", 0),
                shown_once(receive("cphone"), "m", kAlice, "look")
                    .count("shown.0.attachments", 1)
                    .keys("shown.0.attachments", {"name", "size", "error"})
                    .field("shown.0.attachments.0.name", "p.jpg")
                    .field("shown.0.attachments.0.error", "not_found")},
      "not_found");
  add_scenario(
      l, "long-message-missing",
      "the operator loses the long-message blob: every receiver reports the push, "
      "nothing is shown",
      {"BlobMissing"}, {"REQ-DELIVERY-8", "REQ-DELIVERY-12"},
      world() + Steps{configure(4096), send("m", "phone", kAlice, {kCarol}, six_k),
                      Step("blob.list").count("blobs", 1).capture("blobs", "blobs"),
                      Step("blob.remove", {{"url", "$blobs.0.url"}}),
                      failed(receive("cphone"), "not_found"), failed(receive("mac"), "not_found")},
      "not_found");
  add_scenario(
      l, "blob-remove-unknown", "blob.remove of a URL the store does not hold", {"BadRequest"},
      {"REQ-DELIVERY-12"},
      world() +
          Steps{Step("blob.remove", {{"url", "mmcs://blobs.imref.invalid/99"}}).error("not_found")},
      "not_found");
}

// blob.list in upload order, and a send read whole before anything is uploaded
// (REQ-ATTACH-1, REQ-DELIVERY-1, -12).
void upload_cases(TestList& l) {
  const Json photo_hex = photo_content();
  add_scenario(
      l, "blob-list-in-upload-order", "two attachments are listed oldest upload first",
      {"Attachment"}, {"REQ-ATTACH-1", "REQ-DELIVERY-12"},
      world() + Steps{send("m", "phone", kAlice, {kCarol}, "two",
                           {{"attachments", Json::array({{{"name", "a"}, {"content", photo_hex}},
                                                         {{"name", "b"}, {"content", "00ff"}}})}}),
                      Step("blob.list")
                          .count("blobs", 2)
                          .field("blobs.0.size", 300)
                          .field("blobs.1.size", 2)});
  add_scenario(
      l, "send-bad-attachment-uploads-nothing",
      "a second attachment that is not hex: refused before anything is uploaded", {"BadRequest"},
      {"REQ-DELIVERY-1"},
      world() +
          Steps{Step("send", {{"device", "phone"},
                              {"from", kAlice},
                              {"to", Json::array({kCarol})},
                              {"text", "two"},
                              {"attachments", Json::array({{{"name", "a"}, {"content", photo_hex}},
                                                           {{"name", "b"}, {"content", "zz"}}})}})
                    .error("malformed_request"),
                Step("blob.list").count("blobs", 0), relay_state().field("delivered", 0)},
      "malformed_request");
}

}  // namespace

// The groups in file order: tcIds follow the calls, so new groups go last.
Json delivery_vectors(const crypto::Provider&) {
  TestList l;
  fanout_cases(l);
  group_fanout_case(l);
  relay_queue_cases(l);
  long_message_cases(l);
  attachment_cases(l);
  relay_replay_cases(l);
  relay_metadata_cases(l);
  refused_send_cases(l);
  missing_blob_cases(l);
  upload_cases(l);

  return scenario_file(
      "imref-delivery", "DeliveryScenario",
      "Delivery scenarios: fan-out, the push relay's queue, expiry and limits, attachments and "
      "long messages, a relay and an operator that misbehave (docs/spec.md §8).",
      notes(), l.take());
}

}  // namespace imref::vectorgen
