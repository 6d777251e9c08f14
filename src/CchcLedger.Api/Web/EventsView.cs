using CchcLedger.Domain.Scoring;

namespace CchcLedger.Api.Web;

/// <summary>The events of an explanation, as a table: who, when, which leaf, by how much, why and under which decision.</summary>
public sealed record EventsView(UiText T, IReadOnlyList<ExplainedEvent> Events);
