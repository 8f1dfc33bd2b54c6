package org.trustmall.commerce.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The product search index: a Lucene index of the active products (title, boosted, and description) in a directory
 * of its own. Each commit records the database {@link Stamp} it reflects, so that on open a stale or missing index
 * is noticed and rebuilt from the database. Writers are serialised; searches run concurrently on the latest
 * refreshed view.
 */
final class SearchIndex implements AutoCloseable {
    static final float TITLE_BOOST = 3f;
    /** What a buyer's favourite category adds to a match's score: enough to lead, not to outweigh the words. */
    static final float PREFERENCE_BOOST = 5f;
    private static final String ID = "id";
    private static final String ID_SORT = "id_sort";
    private static final String TITLE = "title";
    private static final String DESCRIPTION = "description";
    private static final String CATEGORY = "category";
    private static final String CREATED = "created";
    private static final String STAMP_COUNT = "products";
    private static final String STAMP_UPDATED = "last_update_ms";

    /** What the index reflects: the number of product rows and the latest {@code updated_at} (ms). */
    record Stamp(long count, long lastUpdateMillis) {
    }

    /** A product as indexed; only active products are. */
    record Doc(long id, String title, String description, String category, long createdMillis) {
    }

    record Hits(List<Long> ids, long total) {
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer queryAnalyzer = CatalogueAnalyzer.forQueries();

    private SearchIndex(Directory directory, IndexWriter writer) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
    }

    static SearchIndex open(Path dir) {
        try {
            Files.createDirectories(dir);
            Directory directory = FSDirectory.open(dir);
            IndexWriterConfig config = new IndexWriterConfig(CatalogueAnalyzer.forIndexing())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            IndexWriter writer;
            try {
                writer = new IndexWriter(directory, config);
            } catch (IOException | RuntimeException damaged) {
                if (damaged instanceof org.apache.lucene.store.LockObtainFailedException) {
                    directory.close();
                    throw damaged;
                }
                // A damaged index is only a cache of the database: start it afresh and let the caller rebuild it.
                writer = new IndexWriter(directory, new IndexWriterConfig(CatalogueAnalyzer.forIndexing())
                        .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            }
            return new SearchIndex(directory, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The stamp of the last commit, or empty if the index was never committed with one. */
    Optional<Stamp> stamp() {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return Optional.empty();
            }
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            if (!data.containsKey(STAMP_COUNT) || !data.containsKey(STAMP_UPDATED)) {
                return Optional.empty();
            }
            return Optional.of(new Stamp(Long.parseLong(data.get(STAMP_COUNT)),
                    Long.parseLong(data.get(STAMP_UPDATED))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Replaces the whole index with {@code docs} and commits it as reflecting {@code stamp}. */
    synchronized void rebuild(Iterable<Doc> docs, Stamp stamp) {
        try {
            writer.deleteAll();
            for (Doc d : docs) {
                writer.addDocument(document(d));
            }
            commit(stamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild the search index: " + e.getMessage(), e);
        }
    }

    /** Indexes product {@code id} as {@code doc}, or removes it when {@code doc} is empty (hidden), and commits. */
    synchronized void put(long id, Optional<Doc> doc, Stamp stamp) {
        try {
            Term key = new Term(ID, Long.toString(id));
            if (doc.isPresent()) {
                writer.updateDocument(key, document(doc.get()));
            } else {
                writer.deleteDocuments(key);
            }
            commit(stamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the search index: " + e.getMessage(), e);
        }
    }

    private void commit(Stamp stamp) throws IOException {
        writer.setLiveCommitData(Map.of(STAMP_COUNT, Long.toString(stamp.count()),
                STAMP_UPDATED, Long.toString(stamp.lastUpdateMillis())).entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    private static Document document(Doc d) {
        Document doc = new Document();
        doc.add(new StringField(ID, Long.toString(d.id()), Field.Store.YES));
        doc.add(new NumericDocValuesField(ID_SORT, d.id()));
        doc.add(new TextField(TITLE, d.title(), Field.Store.NO));
        doc.add(new TextField(DESCRIPTION, d.description(), Field.Store.NO));
        doc.add(new StringField(CATEGORY, d.category(), Field.Store.NO));
        doc.add(new NumericDocValuesField(CREATED, d.createdMillis()));
        return doc;
    }

    /**
     * Products matching every word of {@code text} in title or description (best first, then newest), or all
     * products newest first when {@code text} is blank; {@code category} null for all. Words the analyzer drops
     * entirely (only punctuation or stop words) match nothing.
     */
    Hits search(String text, String category, long offset, int limit) {
        return search(text, category, Map.of(), offset, limit);
    }

    /**
     * As above, with products of {@code preferred} categories ranked first, each by its weight (0-1): the same
     * matches, in a personal order.
     */
    Hits search(String text, String category, Map<String, Float> preferred, long offset, int limit) {
        Query query;
        Sort sort;
        List<String> terms = terms(text);
        if (text.isBlank()) {
            query = new MatchAllDocsQuery();
            sort = new Sort(new SortField(CREATED, SortField.Type.LONG, true),
                    new SortField(ID_SORT, SortField.Type.LONG, true));
        } else if (terms.isEmpty()) {
            return new Hits(List.of(), 0);
        } else {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            for (String t : terms) {
                all.add(new BooleanQuery.Builder()
                        .add(new BoostQuery(new TermQuery(new Term(TITLE, t)), TITLE_BOOST), BooleanClause.Occur.SHOULD)
                        .add(new TermQuery(new Term(DESCRIPTION, t)), BooleanClause.Occur.SHOULD)
                        .build(), BooleanClause.Occur.MUST);
            }
            query = all.build();
            sort = new Sort(SortField.FIELD_SCORE, new SortField(CREATED, SortField.Type.LONG, true),
                    new SortField(ID_SORT, SortField.Type.LONG, true));
        }
        if (category != null) {
            query = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(CATEGORY, category)), BooleanClause.Occur.FILTER).build();
        }
        if (!preferred.isEmpty()) {
            BooleanQuery.Builder personal = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST);
            preferred.forEach((c, w) -> personal.add(new BoostQuery(new ConstantScoreQuery(
                    new TermQuery(new Term(CATEGORY, c))), PREFERENCE_BOOST * w), BooleanClause.Occur.SHOULD));
            query = personal.build();
            sort = new Sort(SortField.FIELD_SCORE, new SortField(CREATED, SortField.Type.LONG, true),
                    new SortField(ID_SORT, SortField.Type.LONG, true));
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                int total = searcher.count(query);
                if (offset >= total) {
                    return new Hits(List.of(), total);
                }
                TopFieldDocs top = searcher.search(query, (int) offset + limit, sort);
                StoredFields stored = searcher.storedFields();
                List<Long> ids = new ArrayList<>(limit);
                for (int i = (int) offset; i < top.scoreDocs.length; i++) {
                    ScoreDoc sd = top.scoreDocs[i];
                    ids.add(Long.parseLong(stored.document(sd.doc).get(ID)));
                }
                return new Hits(ids, total);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search failed: " + e.getMessage(), e);
        }
    }

    /** The distinct terms the query analyzer makes of {@code text}, in order. */
    List<String> terms(String text) {
        Set<String> out = new LinkedHashSet<>();
        try (TokenStream ts = queryAnalyzer.tokenStream(TITLE, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(out);
    }

    @Override
    public synchronized void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index: " + e.getMessage(), e);
        }
    }
}
