using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CchcLedger.Api.Evidence;

/// <summary>
/// Evidence in an S3-compatible object store, for provinces whose files outgrow the database: one object per file,
/// keyed <c>{prefix}{first two hex digits}/{sha256}</c> (the two-digit folder spreads the keys, which S3 partitions by
/// prefix and file-system-backed servers keep as folders). A file is written only when its key is absent: HEAD first,
/// then a PUT with <c>If-None-Match: *</c>, so on S3 even a race cannot overwrite (a server that ignores the condition
/// rewrites the same bytes, as the key is their hash). The client sends no flexible checksums or chunked signing
/// (<c>WHEN_REQUIRED</c>, <c>UseChunkEncoding = false</c>), which many S3-compatible servers reject; the content is
/// hashed here instead, before it is sent.
/// </summary>
public sealed class S3EvidenceStore : IEvidenceStore, IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly S3Settings _settings;

    public S3EvidenceStore(S3Settings settings)
    {
        _settings = settings;
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = settings.Region;
        }
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        _s3 = settings.AccessKey is { } key && settings.SecretKey is { } secret
            ? new AmazonS3Client(new BasicAWSCredentials(key, secret), config)
            : new AmazonS3Client(config);
    }

    public string Describe => $"S3 ({_settings.ServiceUrl ?? $"AWS {_settings.Region}"}, bucket {_settings.Bucket}, prefix '{_settings.Prefix}')";

    public string KeyOf(string sha256) => $"{_settings.Prefix}{sha256[..2]}/{sha256}";

    public async Task<bool> PutIfAbsentAsync(string sha256, Stream content, CancellationToken ct)
    {
        if (await ExistsAsync(sha256, ct)) return false;
        content.Position = 0;
        var (actual, _) = await EvidenceStores.HashAsync(content, ct);
        if (actual != sha256) throw new InvalidDataException($"the content hashes to {actual}, not to the name it was to be stored under ({sha256}); nothing was stored");
        content.Position = 0;
        try
        {
            await _s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _settings.Bucket,
                Key = KeyOf(sha256),
                InputStream = content,
                AutoCloseStream = false,
                UseChunkEncoding = false,
                IfNoneMatch = "*",
                ContentType = "application/octet-stream",
                Metadata = { ["sha256"] = sha256 },
            }, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            // Another upload of the same bytes got there first (412), or is still under way (409): either way the
            // file is, or is about to be, stored under its name.
            return false;
        }
    }

    public async Task<Stream?> OpenAsync(string sha256, CancellationToken ct)
    {
        try
        {
            var response = await _s3.GetObjectAsync(_settings.Bucket, KeyOf(sha256), ct);
            return new ObjectStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken ct)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(_settings.Bucket, KeyOf(sha256), ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<StoredEvidence> EnumerateAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = _settings.Bucket, Prefix = _settings.Prefix };
        do
        {
            var page = await _s3.ListObjectsV2Async(request, ct);
            foreach (var o in page.S3Objects ?? [])
            {
                var name = o.Key[(o.Key.LastIndexOf('/') + 1)..];
                // Only keys this store writes; anything else in the bucket is not evidence.
                if (Domain.Scorecards.EvidenceContent.IsSha256(name) && o.Key == KeyOf(name)) yield return new StoredEvidence(name, o.Size ?? 0);
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (request.ContinuationToken is not null);
    }

    public void Dispose() => _s3.Dispose();

    /// <summary>
    /// An object's body with its stored length; disposing it releases the response. The SDK checks a single-part
    /// object's bytes against its ETag (their MD5 at upload) and throws at the end of the body when they differ: that
    /// is the store noticing an altered file, reported as <see cref="InvalidDataException"/> once every byte was read,
    /// so the reader still hashes them all and says what they are.
    /// </summary>
    private sealed class ObjectStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _body = response.ResponseStream;
        private long _read;

        public override long Length => response.ContentLength;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                var n = _body.Read(buffer, offset, count);
                _read += n;
                return n;
            }
            catch (AmazonClientException e) when (_read >= Length)
            {
                throw new InvalidDataException($"the object store's own check failed: {e.Message}", e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            try
            {
                var n = await _body.ReadAsync(buffer, ct);
                _read += n;
                return n;
            }
            catch (AmazonClientException e) when (_read >= Length)
            {
                throw new InvalidDataException($"the object store's own check failed: {e.Message}", e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
