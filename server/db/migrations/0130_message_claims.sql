-- Which attempt owns a pending message (server/channels/outbox.ts). An attempt stamps its own token when it claims
-- the message and renews attempt_started_at while the provider call is in flight, so the lease never runs out
-- under a live attempt however slow the provider is; a retry takes over only a claim whose renewals stopped (the
-- process died). The outcome is written only by the attempt that still owns the claim.
ALTER TABLE messages ADD COLUMN claim_token uuid;
