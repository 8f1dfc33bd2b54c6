package org.trustmall.data.snapshot;

import java.nio.file.Path;
import org.trustmall.data.DataException;

/**
 * A snapshot folder whose contents are not what its name and manifest say: a row changed, added, removed or
 * reordered, a count altered, a file missing, or the folder renamed. Nothing in it may be trained on.
 */
public final class SnapshotTampered extends DataException {
    private final Path folder;

    public SnapshotTampered(Path folder, String what) {
        super(folder + ": snapshot fails verification: " + what);
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }
}
