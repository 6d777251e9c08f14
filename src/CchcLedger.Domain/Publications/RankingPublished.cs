using CchcLedger.Domain.Integrity;
using CchcLedger.Domain.Criteria;
using CchcLedger.Domain.Scoring;

namespace CchcLedger.Domain.Publications;

// Stream: round-{year}-{block}, with the preliminary results rounds: a publication closes the round before it.

public sealed record PreviousPublication(int Number, string Digest);

/// <summary>
/// The official ranking of a year and block, frozen: its entries, the rules version they were scored under, and the
/// ledger they were computed from, every event up to <see cref="ThroughSequence"/> (all recorded before
/// <see cref="PublishedAt"/>, the publication's own recorded instant). <see cref="Digest"/> is the SHA-256 of
/// <see cref="PublicationDigest.Canonical"/> over all of these. A later publication of the same year and block
/// names this one as <see cref="Previous"/>. From format 2 (<see cref="Format"/> = <see cref="PublicationDigest.Format2"/>) the
/// digest also commits <see cref="Streams"/>: every stream the ranking derives from with its last version, so that a
/// bundle missing any event of them is found incomplete. Publications of format 1 (no <see cref="Format"/>) keep their digests.
/// </summary>
public sealed record RankingPublished(
    int Year,
    string Block,
    int Number,
    int Round,
    PreviousPublication? Previous,
    SetRef CriteriaSet,
    DateTimeOffset PublishedAt,
    long ThroughSequence,
    string DecisionRef,
    IReadOnlyList<RankedEntry> Entries,
    string Digest,
    string? Format = null,
    IReadOnlyList<StreamVersion>? Streams = null);
