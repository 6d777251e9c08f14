namespace CchcLedger.Domain.Imports;

// Stream: import-{sha256}: one per imported file, so that the same file is imported once.

/// <summary>How many events of one type an import wrote.</summary>
public sealed record ImportCount(string Type, int Count);

/// <summary>
/// A file was imported: its name and SHA-256 (its evidence: every event it wrote also names both in its headers),
/// what kind of file it was, and what it wrote. Appended in the same transaction as everything it wrote.
/// </summary>
public sealed record ImportRecorded(string Sha256, string FileName, string Kind, int? Year, string? Block, int Rows, IReadOnlyList<ImportCount> Written);
