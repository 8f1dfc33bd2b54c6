package org.trustmall.data.ingest;

/** Hears how far an ingest run is, in bytes of input; called on the ingesting thread. */
public interface IngestListener {
    IngestListener NONE = new IngestListener() {
        @Override
        public void started(long totalBytes) {
        }

        @Override
        public void progressed(long bytesDone) {
        }
    };

    void started(long totalBytes);

    void progressed(long bytesDone);
}
