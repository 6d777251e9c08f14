namespace CchcLedger.Domain.Scorecards;

/// <summary>
/// A file uploaded for one agency's scorecard of one year, as recorded beside the ledger (an upload is not an event:
/// the event that cites the file is). A citation takes its facts from here; the content is in the evidence store under
/// <see cref="Sha256"/>.
/// </summary>
public sealed record EvidenceUpload(string Sha256, int Year, string Agency, long Size, string MediaType, string FileName, DateTimeOffset UploadedAt)
{
    public EvidenceFile File => new(Sha256, Size, MediaType, FileName);
}
