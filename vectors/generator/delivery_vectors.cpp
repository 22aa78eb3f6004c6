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
  note(n, "RemovedDevice", "MISSING_STEP",
       "A device or handle removed from the directory gets nothing more: the relay deletes what "
       "it queued for the device, and the device can no longer send as its handle.");
  note(n, "ClockBounds", "EDGE_CASE",
       "The world clock moves by 0 to 31,622,400 s; one past either bound is refused and the "
       "clock stays where it was.");
  note(n, "PairEc", "BASIC",
       "A device whose prekey record verifies gets its copy sealed with pair-ec; the push's E "
       "says so.");
  note(n, "PairEcFallback", "MODIFIED_PARAMETER",
       "A device without a prekey record, with one whose signature fails or that does not parse "
       "(the directory's operator changed it), or one older than 12,355,200 s gets pair, and the "
       "send says why. A sender that trusts the directory, or refuses to send, fails.");
  note(n, "PrekeyRotation", "BASIC",
       "After a rotation a message sealed to the old prekey still opens; new ones use the new "
       "prekey.");
  note(n, "ReplayWindow", "MISSING_STEP",
       "pair-ec counters: one per destination from 0, a replay window per sender and prekey that "
       "takes counters out of order once each, and moves only when a push is shown.");
  note(n, "Crash", "MISSING_STEP",
       "A device loses power in the middle of a keychain save: after a reboot the passcode opens "
       "the last saved store or the new one, never a torn one.");
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
                nothing(receive("ipad")), shown_once(receive("iphone"), "m", kAlice, kHello),
                shown_once(receive("bmac"), "m", kAlice, kHello),
                shown_once(receive("mac"), "m", kAlice, kHello)});
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
                               send("m3", "iphone", kBob, {kCarol}, "three"),
                               relay_state()
                                   .field("queued", 3)
                                   .count("pushes", 3)
                                   .field("pushes.0.uuid", "$m1.uuid")
                                   .field("pushes.1.uuid", "$m2.uuid")
                                   .field("pushes.2.uuid", "$m3.uuid")
                                   .field("pushes.2.sender", kBob)
                                   .field("pushes.2.token", "$cphone.push_token"),
                               connect("cphone"),
                               receive("cphone")
                                   .count("shown", 3)
                                   .field("shown.0.uuid", "$m1.uuid")
                                   .field("shown.0.text", "one")
                                   .field("shown.1.uuid", "$m2.uuid")
                                   .field("shown.1.text", "two")
                                   .field("shown.2.uuid", "$m3.uuid")
                                   .field("shown.2.sender", kBob)
                                   .field("shown.2.text", "three"),
                               relay_state().field("queued", 0)});
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
                               shown_once(receive("ipad"), "m", kAlice, twenty_four_k),
                               Step("blob.list").count("blobs", 1),
                               shown_once(receive("iphone"), "m", kAlice, twenty_four_k),
                               shown_once(receive("mac"), "m", kAlice, twenty_four_k),
                               shown_once(receive("bmac"), "m", kAlice, twenty_four_k)});
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
                    .field("shown.0.attachments.0.content", photo_hex),
                shown_once(receive("mac"), "m", kAlice, "look")
                    .count("shown.0.attachments", 1)
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
                               relay_state().field("delivered", 0).field("queued", 0),
                               nothing(receive("cphone")), nothing(receive("mac")),
                               nothing(receive("phone"))},
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
                    .field("shown.0.attachments.0.error", "not_found"),
                Step("blob.remove", {{"url", "$blobs.0.url"}}).error("not_found"),
                Step("blob.tamper", {{"url", "$blobs.0.url"}}).error("not_found"),
                Step("blob.list").count("blobs", 0)},
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
          Steps{Step("blob.remove", {{"url", "mmcs://blobs.imref.invalid/99"}}).error("not_found"),
                send("m", "phone", kAlice, {kCarol}, "look",
                     {{"attachments", Json::array({{{"name", "p.jpg"}, {"content", photo_hex}}})}}),
                Step("blob.list").count("blobs", 1).capture("blobs", "blobs"),
                Step("blob.remove", {{"url", "mmcs://blobs.imref.invalid/99"}}).error("not_found"),
                Step("blob.list").count("blobs", 1).field("blobs.0.url", "$blobs.0.url"),
                shown_once(receive("cphone"), "m", kAlice, "look")
                    .field("shown.0.attachments.0.content", photo_hex)},
      "not_found");
}

// blob.list in upload order, and a send read whole before anything is uploaded
// (REQ-ATTACH-1, REQ-DELIVERY-1, -12).
void upload_cases(TestList& l) {
  const Json photo_hex = photo_content();
  add_scenario(
      l, "blob-list-in-upload-order", "two attachments are listed oldest upload first",
      {"Attachment"}, {"REQ-ATTACH-1", "REQ-DELIVERY-12"},
      world() +
          Steps{send("m", "phone", kAlice, {kCarol}, "two",
                     {{"attachments", Json::array({{{"name", "a"}, {"content", photo_hex}},
                                                   {{"name", "b"}, {"content", "00ff"}}})}}),
                Step("blob.list")
                    .count("blobs", 2)
                    .field("blobs.0.size", 300)
                    .field("blobs.1.size", 2),
                send("m2", "phone", kAlice, {kCarol}, "three",
                     {{"attachments", Json::array({{{"name", "c"}, {"content", "0a0b0c"}}})}}),
                Step("blob.list")
                    .count("blobs", 3)
                    .field("blobs.2.size", 3)
                    .capture("blobs", "blobs"),
                Step("blob.remove", {{"url", "$blobs.0.url"}}),
                Step("blob.list")
                    .count("blobs", 2)
                    .field("blobs.0.url", "$blobs.1.url")
                    .field("blobs.0.size", 2)
                    .field("blobs.1.url", "$blobs.2.url")
                    .field("blobs.1.size", 3)});
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

// Refusals no earlier group reaches: a send refused after its attachments
// were uploaded, handles that are no handles, a tamper outside the blob, a
// relay.configure while pushes wait (REQ-DELIVERY-1, -6, -12).
void more_refusal_cases(TestList& l) {
  const Json photo_hex = photo_content();
  const Json big_group = {{"id", "5B0F7D44-2C1A-4E8B-9D6F-0A1B2C3D4E5F"}, {"name", six_k_text()}};
  add_scenario(
      l, "send-refused-after-upload",
      "a group name too long even for a long-message pointer over a 4 KB relay: refused after "
      "the attachment went up, which is then removed",
      {"BadRequest"}, {"REQ-DELIVERY-1", "REQ-DELIVERY-6"},
      world() +
          Steps{configure(4096),
                Step("send", {{"device", "phone"},
                              {"from", kAlice},
                              {"to", Json::array({kCarol})},
                              {"text", "x"},
                              {"group", big_group},
                              {"attachments", Json::array({{{"name", "a"}, {"content", photo_hex}},
                                                           {{"name", "b"}, {"content", "00ff"}}})}})
                    .error("too_large"),
                Step("blob.list").count("blobs", 0),
                relay_state().field("delivered", 0).field("queued", 0), nothing(receive("cphone")),
                nothing(receive("mac")),
                send("m", "phone", kAlice, {kCarol}, "x",
                     {{"attachments", Json::array({{{"name", "a"}, {"content", photo_hex}}})}})
                    .field("pushes", 2),
                Step("blob.list").count("blobs", 1),
                shown_once(receive("cphone"), "m", kAlice, "x")
                    .field("shown.0.attachments.0.content", photo_hex)},
      "too_large");
  add_scenario(l, "send-to-invalid-handle",
               "a recipient, the last one, that is no handle: nothing pushed", {"BadRequest"},
               {"REQ-DELIVERY-1", "REQ-DIR-5"},
               world() + Steps{Step("send", {{"device", "phone"},
                                             {"from", kAlice},
                                             {"to", Json::array({kBob, kCarol, "not a handle"})},
                                             {"text", "hi"}})
                                   .error("invalid_handle"),
                               relay_state().field("delivered", 0).field("queued", 0),
                               nothing(receive("cphone")), nothing(receive("iphone")),
                               send("m", "phone", kAlice, {kBob, kCarol}, "hi").field("pushes", 5),
                               shown_once(receive("cphone"), "m", kAlice, "hi")},
               "invalid_handle");
  add_scenario(l, "send-from-invalid-handle", "a sender handle that is no handle: nothing pushed",
               {"BadRequest"}, {"REQ-DELIVERY-2", "REQ-DIR-5"},
               world() + Steps{Step("send", {{"device", "phone"},
                                             {"from", "alice"},
                                             {"to", Json::array({kCarol})},
                                             {"text", "hi"}})
                                   .error("invalid_handle"),
                               relay_state().field("delivered", 0).field("queued", 0),
                               nothing(receive("cphone"))},
               "invalid_handle");
  add_scenario(
      l, "blob-tamper-outside", "blob.tamper at an offset one past the blob changes nothing",
      {"BadRequest"}, {"REQ-ATTACH-3"},
      world() +
          Steps{send("m", "phone", kAlice, {kCarol}, "look",
                     {{"attachments", Json::array({{{"name", "p.jpg"}, {"content", photo_hex}}})}}),
                Step("blob.list").capture("blobs", "blobs"),
                Step("blob.tamper", {{"url", "$blobs.0.url"}, {"offset", 300}})
                    .error("invalid_argument"),
                Step("blob.tamper", {{"url", "$blobs.0.url"}, {"offset", -1}})
                    .error("invalid_argument"),
                Step("blob.list").count("blobs", 1).field("blobs.0.sha1", "$blobs.0.sha1"),
                shown_once(receive("cphone"), "m", kAlice, "look")
                    .field("shown.0.attachments.0.content", photo_hex)},
      "invalid_argument");
  add_scenario(
      l, "relay-configure-while-queued",
      "the relay refuses a new limit while it holds a push, and keeps the push", {"BadRequest"},
      {"REQ-DELIVERY-4", "REQ-DELIVERY-6"},
      world() + Steps{disconnect("cphone"), send("m", "phone", kAlice, {kCarol}, "wait"),
                      Step("relay.configure", {{"limit", 4096}}).error("invalid_argument"),
                      relay_state()
                          .field("limit", 16384)
                          .field("queued", 1)
                          .field("pushes.0.uuid", "$m.uuid"),
                      connect("cphone"), shown_once(receive("cphone"), "m", kAlice, "wait"),
                      relay_state().field("queued", 0), configure(4096),
                      Step("relay.configure", {{"limit", 8192}}).error("invalid_argument"),
                      relay_state().field("limit", 4096)},
      "invalid_argument");
}

// Rules over collections, with the element that differs last: a device
// reached twice, a queue among several, the last attachment, the last push
// (REQ-DELIVERY-1, -4, -5, -9, -12).
void collection_cases(TestList& l) {
  const Json photo_hex = photo_content();
  const Json two =
      Json::array({{{"name", "a"}, {"content", photo_hex}}, {{"name", "b"}, {"content", "00ff"}}});
  add_scenario(
      l, "fanout-device-reached-twice",
      "a handle named twice, or the sender's own among the recipients: one copy per device",
      {"FanOut"}, {"REQ-DELIVERY-1"},
      world() + Steps{send("m1", "phone", kAlice, {kBob, kAlice}, "one").field("pushes", 4),
                      shown_once(receive("mac"), "m1", kAlice, "one")
                          .field("shown.0.participants", Json::array({kAlice, kBob})),
                      shown_once(receive("bmac"), "m1", kAlice, "one"),
                      send("m2", "phone", kAlice, {kCarol, kBob, kCarol}, "two").field("pushes", 5),
                      shown_once(receive("cphone"), "m2", kAlice, "two")
                          .field("shown.0.participants", Json::array({kAlice, kCarol, kBob})),
                      shown_once(receive("bmac"), "m2", kAlice, "two"),
                      shown_once(receive("mac"), "m2", kAlice, "two"), nothing(receive("phone"))});
  add_scenario(
      l, "expiry-per-push", "of two queued pushes only the one that waited 30 days is dropped",
      {"Expiry"}, {"REQ-DELIVERY-5"},
      world() + Steps{disconnect("cphone"), send("m1", "phone", kAlice, {kCarol}, "old"),
                      advance(100), send("m2", "mac", kAlice, {kCarol}, "new"),
                      advance(kRetention - 100), connect("cphone"),
                      shown_once(receive("cphone"), "m2", kAlice, "new"),
                      relay_state().field("dropped", 1).field("delivered", 3).field("queued", 0)});
  add_scenario(
      l, "expiry-every-queue", "pushes queued for three offline devices all expire", {"Expiry"},
      {"REQ-DELIVERY-5"},
      world() + Steps{disconnect("iphone"), disconnect("ipad"), disconnect("bmac"),
                      send("m", "phone", kAlice, {kBob}, "late").field("pushes", 4),
                      relay_state().field("queued", 3), advance(kRetention), connect("iphone"),
                      connect("ipad"), connect("bmac"),
                      relay_state().field("dropped", 3).field("queued", 0).field("delivered", 1),
                      nothing(receive("iphone")), nothing(receive("ipad")),
                      nothing(receive("bmac"))});
  add_scenario(l, "attachment-tampered-last",
               "the second of two attachment blobs is changed: the first still opens",
               {"BlobTampering"}, {"REQ-ATTACH-3", "REQ-DELIVERY-12"},
               world() + Steps{send("m", "phone", kAlice, {kCarol}, "two", {{"attachments", two}}),
                               Step("blob.list").count("blobs", 2).capture("blobs", "blobs"),
                               Step("blob.tamper", {{"url", "$blobs.1.url"}, {"offset", 1}}),
                               shown_once(receive("cphone"), "m", kAlice, "two")
                                   .count("shown.0.attachments", 2)
                                   .field("shown.0.attachments.0.content", photo_hex)
                                   .field("shown.0.attachments.1.name", "b")
                                   .field("shown.0.attachments.1.size", 2)
                                   .field("shown.0.attachments.1.error", "blob_mismatch")},
               "blob_mismatch");
  add_scenario(
      l, "attachment-missing-last",
      "the second of two attachment blobs is lost: the first still opens, and so does another "
      "message's",
      {"BlobMissing"}, {"REQ-ATTACH-3", "REQ-DELIVERY-12"},
      world() + Steps{send("m0", "mac", kAlice, {kCarol}, "first",
                           {{"attachments", Json::array({{{"name", "z"}, {"content", "0102"}}})}}),
                      send("m", "phone", kAlice, {kCarol}, "two", {{"attachments", two}}),
                      Step("blob.list").count("blobs", 3).capture("blobs", "blobs"),
                      Step("blob.remove", {{"url", "$blobs.2.url"}}),
                      Step("blob.list")
                          .count("blobs", 2)
                          .field("blobs.0.url", "$blobs.0.url")
                          .field("blobs.1.url", "$blobs.1.url"),
                      receive("cphone")
                          .count("shown", 2)
                          .count("failures", 0)
                          .field("shown.0.uuid", "$m0.uuid")
                          .field("shown.0.attachments.0.content", "0102")
                          .field("shown.1.uuid", "$m.uuid")
                          .count("shown.1.attachments", 2)
                          .field("shown.1.attachments.0.content", photo_hex)
                          .field("shown.1.attachments.1.error", "not_found")},
      "not_found");
  add_scenario(l, "replay-then-new",
               "after a replay, a new push is still shown, and the old one is not", {"Replay"},
               {"REQ-DELIVERY-9"},
               world() + Steps{send("m1", "phone", kAlice, {kCarol}, "one"),
                               shown_once(receive("cphone"), "m1", kAlice, "one"),
                               Step("relay.replay", {{"device", "cphone"}}).field("replayed", 1),
                               send("m2", "phone", kAlice, {kCarol}, "two"),
                               receive("cphone")
                                   .count("shown", 1)
                                   .field("shown.0.uuid", "$m2.uuid")
                                   .field("shown.0.text", "two")
                                   .field("duplicates", 1)
                                   .count("failures", 0)});
  add_scenario(l, "unknown-sender-among-others",
               "the second of two senders is removed: the first push is shown, the second reported",
               {"UnknownSender"}, {"REQ-DELIVERY-7", "REQ-DELIVERY-8"},
               world() + Steps{send("m1", "mac", kAlice, {kCarol}, "one"),
                               send("m2", "phone", kAlice, {kCarol}, "two"),
                               Step("device.remove",
                                    {{"account", "alice"}, {"push_token", "$phone.push_token"}}),
                               receive("cphone")
                                   .count("shown", 1)
                                   .field("shown.0.uuid", "$m1.uuid")
                                   .count("failures", 1)
                                   .field("failures.0", "not_found")
                                   .field("duplicates", 0)},
               "not_found");
}

// What goes with a removed device or handle (REQ-DELIVERY-13, REQ-DIR-6,
// REQ-DELIVERY-7).
void removal_cases(TestList& l) {
  add_scenario(
      l, "removed-offline-device-queue",
      "pushes queued for an offline device are deleted when it is removed: it gets nothing",
      {"RemovedDevice"}, {"REQ-DELIVERY-13", "REQ-DELIVERY-4"},
      world() +
          Steps{disconnect("ipad"), disconnect("cphone"),
                send("m", "phone", kAlice, {kBob, kCarol}, kHello).field("pushes", 5),
                relay_state().field("queued", 2).field("delivered", 3),
                Step("device.remove", {{"account", "bob"}, {"push_token", "$ipad.push_token"}}),
                relay_state()
                    .field("queued", 1)
                    .field("pushes.0.token", "$cphone.push_token")
                    .field("delivered", 3)
                    .field("dropped", 0),
                connect("ipad"), nothing(receive("ipad")),
                relay_state().field("queued", 1).field("delivered", 3), connect("cphone"),
                shown_once(receive("cphone"), "m", kAlice, kHello),
                shown_once(receive("iphone"), "m", kAlice, kHello)});
  add_scenario(l, "removed-device-cannot-send",
               "a removed device is no longer one of its handle's devices: its send is refused",
               {"RemovedDevice"}, {"REQ-DELIVERY-2", "REQ-DIR-6"},
               world() + Steps{Step("device.remove",
                                    {{"account", "bob"}, {"push_token", "$ipad.push_token"}}),
                               Step("send", {{"device", "ipad"},
                                             {"from", kBob},
                                             {"to", Json::array({kAlice})},
                                             {"text", "x"}})
                                   .error("invalid_argument"),
                               relay_state().field("delivered", 0).field("queued", 0),
                               nothing(receive("phone")), nothing(receive("iphone")),
                               send("m", "iphone", kBob, {kAlice}, "y").field("pushes", 3)},
               "invalid_argument");
  add_scenario(l, "send-to-removed-handle", "a removed handle can neither be sent to nor send",
               {"RemovedDevice"}, {"REQ-DIR-6", "REQ-DELIVERY-1"},
               world() + Steps{Step("handle.remove", {{"account", "carol"}, {"handle", kCarol}}),
                               Step("send", {{"device", "phone"},
                                             {"from", kAlice},
                                             {"to", Json::array({kBob, kCarol})},
                                             {"text", "x"}})
                                   .error("unknown_handle"),
                               Step("send", {{"device", "cphone"},
                                             {"from", kCarol},
                                             {"to", Json::array({kAlice})},
                                             {"text", "x"}})
                                   .error("unknown_handle"),
                               relay_state().field("delivered", 0).field("queued", 0),
                               nothing(receive("phone")), nothing(receive("iphone"))},
               "unknown_handle");
  add_scenario(l, "sender-handle-removed-before-read",
               "the sender's handle is removed before carol reads: the push is reported, not shown",
               {"UnknownSender"}, {"REQ-DELIVERY-7", "REQ-DELIVERY-8"},
               world() + Steps{send("m", "phone", kAlice, {kCarol}, "hi"),
                               Step("handle.remove", {{"account", "alice"}, {"handle", kAlice}}),
                               failed(receive("cphone"), "not_found")},
               "not_found");
}

// The world clock's bounds (REQ-SHIM-6): 0 and a year of seconds move it,
// one past either side is invalid_argument and leaves it where it was.
void clock_cases(TestList& l) {
  constexpr int64_t kYear = 366 * 86'400;
  claim(kYear == 31'622'400, "clock.advance's bound is 31,622,400 s");
  add_scenario(
      l, "clock-advance-bounds",
      "clock.advance takes 0 and 31,622,400 s; -1 and 31,622,401 are refused", {"ClockBounds"},
      {"REQ-SHIM-6"},
      Steps{advance(0).field("now", kStart), advance(kYear).field("now", kStart + kYear),
            advance(kYear + 1).error("invalid_argument"), advance(-1).error("invalid_argument"),
            advance(0).field("now", kStart + kYear)},
      "invalid_argument");
}

// A crash in the middle of a keychain save (REQ-KEYCHAIN-9): the save is a
// passcode change, so which passcode opens the store after the reboot tells
// the old store from the new one. The old one must open until the rename is
// durable (or, when renames survive, once it is done); the other passcode is
// then bad_passcode, never store_corrupt: the store is never torn.
Step crash(const std::string& dev, const std::string& at, bool renames_survive,
           const std::string& passcode = {}) {
  Json r = {{"device", dev}, {"at", at}};
  if (renames_survive) r["renames_survive"] = true;
  if (!passcode.empty()) r["passcode"] = passcode;
  return Step("device.crash", std::move(r));
}
Step unlock_phone(const std::string& passcode) {
  return Step("device.unlock", {{"device", "phone"}, {"passcode", passcode}});
}
Steps crash_and_unlock(const std::string& at, bool renames_survive, const std::string& old_code,
                       const std::string& new_code) {
  const bool is_new = at == "sync_dir" || (renames_survive && at == "rename");
  return {crash("phone", at, renames_survive, new_code).field("saved", at == "sync_dir"),
          Step("device.state", {{"device", "phone"}}).field("unlocked_since_boot", false),
          Step("send", {{"device", "phone"}, {"from", kAlice}, {"to", {kCarol}}, {"text", "x"}})
              .error("locked"),
          unlock_phone(is_new ? old_code : new_code).error("bad_passcode"),
          unlock_phone(is_new ? new_code : old_code),
          Step("device.state", {{"device", "phone"}}).field("unlocked_since_boot", true)};
}
void keychain_crash_cases(TestList& l) {
  for (bool renames_survive : {false, true}) {
    Steps steps = world();
    std::string code = "30303030";  // "0000", the world's default
    const std::vector<std::pair<const char*, const char*>> saves = {{"write", "31313131"},
                                                                    {"sync_file", "32323232"},
                                                                    {"rename", "33333333"},
                                                                    {"sync_dir", "34343434"}};
    for (const auto& [at, next] : saves) {
      steps = steps + crash_and_unlock(at, renames_survive, code, next);
      if (std::string(at) == "sync_dir" || (renames_survive && std::string(at) == "rename"))
        code = next;
    }
    steps = steps + Steps{crash("phone", "sync_dir", renames_survive).field("saved", true),
                          unlock_phone(code),
                          device("tv", "carol"),
                          send("m1", "phone", kAlice, {kCarol}, "after").field("pushes", 3),
                          shown_once(receive("cphone"), "m1", kAlice, "after"),
                          shown_once(receive("tv"), "m1", kAlice, "after"),
                          send("m2", "cphone", kCarol, {kAlice}, "back"),
                          shown_once(receive("phone"), "m2", kCarol, "back")};
    add_scenario(
        l, renames_survive ? "keychain-crash-renames-survive" : "keychain-crash-renames-lost",
        std::string("the phone loses power after each step of a passcode change in turn, ") +
            (renames_survive ? "keeping every rename" : "losing unsynced renames") +
            ": the old passcode opens it until the rename " +
            (renames_survive ? "is done" : "is durable") + ", then only the new one; its keys work",
        {"Crash"}, {"REQ-KEYCHAIN-9", "REQ-KEYCHAIN-7"}, steps);
  }
  add_scenario(
      l, "keychain-crash-while-locked",
      "a rebooted phone has nothing to save: device.crash is locked and changes nothing", {"Crash"},
      {"REQ-KEYCHAIN-7", "REQ-KEYCHAIN-9"},
      world() +
          Steps{Step("device.reboot", {{"device", "phone"}}),
                crash("phone", "write", false).error("locked"),
                Step("device.state", {{"device", "phone"}})
                    .field("unlocked_since_boot", false)
                    .field("online", true),
                Step("device.unlock", {{"device", "phone"}, {"passcode", "30303030"}}),
                crash("phone", "flush", false).error("invalid_argument"),
                Step("device.crash", {{"device", "phone"}, {"at", "write"}, {"passcode", ""}})
                    .error("invalid_argument"),
                Step("device.state", {{"device", "phone"}}).field("unlocked_since_boot", true),
                Step("device.reboot", {{"device", "phone"}}),
                Step("device.unlock", {{"device", "phone"}, {"passcode", "30303030"}}),
                send("m", "phone", kAlice, {kCarol}, "still").field("pushes", 2),
                shown_once(receive("cphone"), "m", kAlice, "still")},
      "locked");
}

// A device passcode of 256 bytes works, 257 is refused and makes no device
// (REQ-KEYCHAIN-1); text beyond ASCII arrives as sent (REQ-MESSAGE-2): two,
// three and four UTF-8 bytes, U+E000 just past the surrogates, U+10000, the
// first character a UTF-16 surrogate pair carries.
void device_input_cases(TestList& l) {
  const std::string p256 = to_hex(Bytes(256, 0x37)), p257 = to_hex(Bytes(257, 0x37));
  add_scenario(
      l, "device-passcode-bounds",
      "a 256-byte passcode sets a device up and unlocks it; a 257-byte one makes no device",
      {"BadRequest"}, {"REQ-KEYCHAIN-1", "REQ-KEYCHAIN-10"},
      world() +
          Steps{Step("device.add", {{"device", "tv"}, {"account", "carol"}, {"passcode", p257}})
                    .error("invalid_argument"),
                Step("device.state", {{"device", "tv"}}).error("not_found"),
                relay_state().field("delivered", 0),
                std::move(
                    Step("device.add", {{"device", "tv"}, {"account", "carol"}, {"passcode", p256}})
                        .capture("tv", "")),
                Step("device.reboot", {{"device", "tv"}}),
                Step("device.unlock", {{"device", "tv"}, {"passcode", p257}})
                    .error("invalid_argument"),
                Step("device.unlock", {{"device", "tv"}, {"passcode", p256}}),
                send("m", "tv", kCarol, {kAlice}, "on").field("pushes", 3),
                shown_once(receive("phone"), "m", kCarol, "on"),
                shown_once(receive("cphone"), "m", kCarol, "on")},
      "invalid_argument");
  const std::string text =
      "caf\xc3\xa9 \xe2\x98\x83 \xee\x80\x80 \xf0\x90\x80\x80 \xf0\x9f\x98\x80 \xef\xbf\xbd";
  add_scenario(l, "text-beyond-ascii",
               "e-acute, a snowman, U+E000, U+10000, an emoji and U+FFFD arrive as sent",
               {"FanOut"}, {"REQ-MESSAGE-2", "REQ-DELIVERY-1"},
               world() + Steps{send("m", "phone", kAlice, {kCarol}, text).field("pushes", 2),
                               shown_once(receive("cphone"), "m", kAlice, text),
                               shown_once(receive("mac"), "m", kAlice, text)});
}
// A photo sent without text: one attachment and an empty text is a message
// like any other, not the pointer of a long message (REQ-DELIVERY-6).
void attachment_only_cases(TestList& l) {
  const Json photo_hex = photo_content();
  add_scenario(
      l, "attachment-without-text",
      "a photo sent with empty text arrives as a photo, not taken for a long message's pointer",
      {"Attachment"}, {"REQ-ATTACH-1", "REQ-DELIVERY-6"},
      world() +
          Steps{send("m", "phone", kAlice, {kCarol}, "",
                     {{"attachments", Json::array({{{"name", "p.jpg"}, {"content", photo_hex}}})}})
                    .field("pushes", 2),
                shown_once(receive("cphone"), "m", kAlice, "")
                    .count("shown.0.attachments", 1)
                    .field("shown.0.attachments.0.name", "p.jpg")
                    .field("shown.0.attachments.0.content", photo_hex),
                shown_once(receive("mac"), "m", kAlice, "")
                    .count("shown.0.attachments", 1)
                    .field("shown.0.attachments.0.content", photo_hex)});
}
// What survived one power cut is on the disk: a rename that outlived a cut
// without its directory sync is not lost by the next cut (REQ-KEYCHAIN-9).
void keychain_double_crash_cases(TestList& l) {
  add_scenario(l, "keychain-crash-twice",
               "a passcode change whose rename outlived a power cut stays after a second cut "
               "during the next change: the first change's passcode opens it",
               {"Crash"}, {"REQ-KEYCHAIN-9", "REQ-KEYCHAIN-7"},
               world() + crash_and_unlock("rename", true, "30303030", "31313131") +
                   crash_and_unlock("write", false, "31313131", "32323232") +
                   Steps{send("m", "phone", kAlice, {kCarol}, "twice").field("pushes", 2),
                         shown_once(receive("cphone"), "m", kAlice, "twice")});
}
}  // namespace

// The groups in file order: tcIds follow the calls, so new groups go last.
// pair-ec in delivery (REQ-PAIREC-53..60).
Step tamper_prekey(const std::string& handle, const std::string& dev, int64_t offset) {
  return Step("dir.tamper_prekey",
              {{"handle", handle}, {"push_token", "$" + dev + ".push_token"}, {"offset", offset}});
}
Step rotate(const std::string& dev) {
  return Step("device.rotate_prekey", {{"device", dev}});
}
// one_copy expects alice's phone's send to carol: two copies, cphone's first
// with mode |e| (and |fallback|), then alice's mac's.
Step one_copy(Step step, const std::string& e, const std::string& fallback = {}) {
  step.count("copies", 2)
      .field("copies.0.token", "$cphone.push_token")
      .field("copies.0.E", e)
      .field("copies.1.token", "$mac.push_token");
  if (!fallback.empty()) step.field("copies.0.fallback", fallback);
  return step;
}

void pair_ec_cases(TestList& l) {
  add_scenario(l, "pair-ec-to-every-device-with-a-prekey",
               "alice's phone to bob: every copy is pair-ec, each device opens its own",
               {"PairEc", "FanOut"}, {"REQ-PAIREC-53", "REQ-PAIREC-54", "REQ-PAIREC-55"},
               world() + Steps{send("m", "phone", kAlice, {kBob}, kHello)
                                   .field("pushes", 4)
                                   .count("copies", 4)
                                   .keys("copies", {"token", "E"})
                                   .field("copies.0.token", "$iphone.push_token")
                                   .field("copies.0.E", "pair-ec")
                                   .field("copies.1.E", "pair-ec")
                                   .field("copies.2.E", "pair-ec")
                                   .field("copies.3.token", "$mac.push_token")
                                   .field("copies.3.E", "pair-ec"),
                               shown_once(receive("iphone"), "m", kAlice, kHello),
                               shown_once(receive("ipad"), "m", kAlice, kHello),
                               shown_once(receive("bmac"), "m", kAlice, kHello),
                               shown_once(receive("mac"), "m", kAlice, kHello)});
  add_scenario(
      l, "pair-ec-fallback-no-record",
      "a device that speaks only pair gets pair (fallback not_found) beside pair-ec copies; it "
      "sends pair to everyone, and both kinds open",
      {"PairEcFallback", "FanOut"}, {"REQ-PAIREC-54", "REQ-PAIREC-55"},
      world() +
          Steps{Step("device.add", {{"device", "old"}, {"account", "bob"}, {"pair_ec", false}})
                    .capture("old", ""),
                send("m", "phone", kAlice, {kBob}, kHello)
                    .count("copies", 5)
                    .field("copies.2.E", "pair-ec")
                    .field("copies.3.token", "$old.push_token")
                    .field("copies.3.E", "pair")
                    .field("copies.3.fallback", "not_found")
                    .field("copies.4.E", "pair-ec"),
                shown_once(receive("old"), "m", kAlice, kHello),
                shown_once(receive("bmac"), "m", kAlice, kHello),
                shown_once(receive("iphone"), "m", kAlice, kHello),
                send("r", "old", kBob, {kAlice}, "back")
                    .count("copies", 5)
                    .field("copies.0.E", "pair")
                    .field("copies.0.fallback", "not_found")
                    .field("copies.4.E", "pair"),
                shown_once(receive("phone"), "r", kBob, "back"),
                shown_once(receive("iphone"), "r", kBob, "back")});
  add_scenario(
      l, "pair-ec-fallback-bad-signature",
      "the directory's operator flips a bit of carol's record signature: alice sends pair "
      "(fallback bad_signature), and carol reads it",
      {"PairEcFallback"}, {"REQ-PAIREC-53", "REQ-PAIREC-54"},
      world() + Steps{tamper_prekey(kCarol, "cphone", 50),
                      one_copy(send("m", "phone", kAlice, {kCarol}, "hi"), "pair", "bad_signature"),
                      shown_once(receive("cphone"), "m", kAlice, "hi")});
  add_scenario(
      l, "pair-ec-fallback-bad-timestamp",
      "the operator changes a bit of the record's timestamp: the signature fails, pair is sent",
      {"PairEcFallback"}, {"REQ-PAIREC-53", "REQ-PAIREC-54"},
      world() + Steps{tamper_prekey(kCarol, "cphone", 101),
                      one_copy(send("m", "phone", kAlice, {kCarol}, "hi"), "pair", "bad_signature"),
                      shown_once(receive("cphone"), "m", kAlice, "hi")});
  add_scenario(l, "pair-ec-fallback-malformed-record",
               "the operator changes the record's first tag: it does not parse, pair is sent",
               {"PairEcFallback"}, {"REQ-PAIREC-53", "REQ-PAIREC-54"},
               world() + Steps{tamper_prekey(kCarol, "cphone", 0),
                               one_copy(send("m", "phone", kAlice, {kCarol}, "hi"), "pair",
                                        "malformed_prekey"),
                               shown_once(receive("cphone"), "m", kAlice, "hi")});
  add_scenario(
      l, "pair-ec-fallback-expired",
      "carol's record 12,355,200 s old still gets pair-ec; one second later pair (fallback "
      "expired); after carol rotates, pair-ec again",
      {"PairEcFallback", "PrekeyRotation"}, {"REQ-PAIREC-53", "REQ-PAIREC-54", "REQ-PAIREC-56"},
      world() + Steps{advance(12'355'200),
                      one_copy(send("m1", "phone", kAlice, {kCarol}, "one"), "pair-ec"), advance(1),
                      one_copy(send("m2", "phone", kAlice, {kCarol}, "two"), "pair", "expired"),
                      rotate("cphone").field("published", true),
                      one_copy(send("m3", "phone", kAlice, {kCarol}, "three"), "pair-ec"),
                      receive("cphone")
                          .count("shown", 3)
                          .count("failures", 0)
                          .field("shown.0.uuid", "$m1.uuid")
                          .field("shown.1.uuid", "$m2.uuid")
                          .field("shown.2.uuid", "$m3.uuid")});
  add_scenario(
      l, "pair-ec-rotation-old-prekey-opens",
      "a message sealed to carol's old prekey, read after she rotated, still opens; the next "
      "one is sealed to the new prekey",
      {"PrekeyRotation", "PairEc"}, {"REQ-PAIREC-55", "REQ-PAIREC-56", "REQ-PAIREC-57"},
      world() + Steps{one_copy(send("m1", "phone", kAlice, {kCarol}, "old"), "pair-ec"), advance(1),
                      rotate("cphone").field("prekeys", 2),
                      shown_once(receive("cphone"), "m1", kAlice, "old"),
                      one_copy(send("m2", "phone", kAlice, {kCarol}, "new"), "pair-ec"),
                      shown_once(receive("cphone"), "m2", kAlice, "new")});
  add_scenario(
      l, "pair-ec-rotation-twice-offline",
      "carol rotates twice while offline: the three messages sealed to three prekeys all open",
      {"PrekeyRotation", "OfflineQueue"}, {"REQ-PAIREC-55", "REQ-PAIREC-57"},
      world() + Steps{disconnect("cphone"), send("m1", "phone", kAlice, {kCarol}, "one"),
                      advance(1), rotate("cphone"), send("m2", "phone", kAlice, {kCarol}, "two"),
                      advance(1), rotate("cphone").field("prekeys", 3),
                      send("m3", "phone", kAlice, {kCarol}, "three"), connect("cphone"),
                      receive("cphone")
                          .count("shown", 3)
                          .count("failures", 0)
                          .field("shown.0.uuid", "$m1.uuid")
                          .field("shown.2.uuid", "$m3.uuid")});
  add_scenario(
      l, "pair-ec-counters-per-destination",
      "three messages to carol and two to bob: every one opens (counters 0, 1, 2 per device)",
      {"ReplayWindow", "PairEc"}, {"REQ-PAIREC-58", "REQ-PAIREC-59"},
      world() +
          Steps{send("m1", "phone", kAlice, {kCarol}, "one"),
                send("b1", "phone", kAlice, {kBob}, "bob one"),
                send("m2", "phone", kAlice, {kCarol}, "two"),
                send("b2", "phone", kAlice, {kBob}, "bob two"),
                send("m3", "phone", kAlice, {kCarol}, "three"),
                receive("cphone").count("shown", 3).count("failures", 0).field("duplicates", 0),
                receive("iphone").count("shown", 2).count("failures", 0),
                receive("mac").count("shown", 5).count("failures", 0)});
  add_scenario(
      l, "pair-ec-window-out-of-order",
      "three pair-ec pushes handed over in reverse: the window takes each once; replayed, none",
      {"ReplayWindow", "Reorder"}, {"REQ-PAIREC-59"},
      world() +
          Steps{disconnect("cphone"), send("m1", "phone", kAlice, {kCarol}, "one"),
                send("m2", "phone", kAlice, {kCarol}, "two"),
                send("m3", "phone", kAlice, {kCarol}, "three"), connect("cphone"),
                Step("relay.reorder", {{"device", "cphone"}}).field("pending", 3),
                receive("cphone")
                    .count("shown", 3)
                    .field("shown.0.uuid", "$m3.uuid")
                    .field("shown.2.uuid", "$m1.uuid"),
                Step("relay.replay", {{"device", "cphone"}}).field("replayed", 3),
                receive("cphone").count("shown", 0).count("failures", 0).field("duplicates", 3)});
  add_scenario(
      l, "pair-ec-failed-push-keeps-window",
      "a pair-ec push whose clear UUID the relay changed is refused; the untouched push, handed "
      "over again, is shown: the refusal did not move the replay window",
      {"ReplayWindow", "Metadata"}, {"REQ-PAIREC-59", "REQ-PAIREC-60"},
      world() + Steps{one_copy(send("m", "phone", kAlice, {kCarol}, "hi"), "pair-ec"),
                      Step("relay.rewrite",
                           {{"device", "cphone"}, {"uuid", "00000000-0000-0000-0000-000000000000"}})
                          .field("rewritten", 1),
                      failed(receive("cphone"), "malformed_message"),
                      Step("relay.replay", {{"device", "cphone"}}).field("replayed", 1),
                      shown_once(receive("cphone"), "m", kAlice, "hi")},
      "malformed_message");
  add_scenario(
      l, "pair-ec-relay-state-shows-e",
      "the relay's queue shows each push's E: pair-ec to a device with a prekey, pair to one "
      "without",
      {"PairEc", "PairEcFallback", "OfflineQueue"}, {"REQ-PAIREC-54"},
      world() +
          Steps{Step("device.add", {{"device", "old"}, {"account", "carol"}, {"pair_ec", false}})
                    .capture("old", ""),
                disconnect("cphone"),
                send("m1", "phone", kAlice, {kCarol}, "one").count("copies", 3),
                relay_state()
                    .field("queued", 1)
                    .field("pushes.0.token", "$cphone.push_token")
                    .field("pushes.0.E", "pair-ec"),
                connect("cphone"), disconnect("old"),
                send("m2", "phone", kAlice, {kCarol}, "two").count("copies", 3),
                relay_state()
                    .field("queued", 1)
                    .field("pushes.0.token", "$old.push_token")
                    .field("pushes.0.E", "pair")});
}

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
  more_refusal_cases(l);
  collection_cases(l);
  removal_cases(l);
  clock_cases(l);
  keychain_crash_cases(l);
  device_input_cases(l);
  attachment_only_cases(l);
  keychain_double_crash_cases(l);
  pair_ec_cases(l);

  return scenario_file(
      "imref-delivery", "DeliveryScenario",
      "Delivery scenarios: fan-out, the push relay's queue, expiry and limits, attachments and "
      "long messages, a relay and an operator that misbehave (docs/spec.md §8).",
      notes(), l.take());
}

}  // namespace imref::vectorgen
