package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.AiException;

class SplitLoaderTest {
    @TempDir
    Path dir;

    private static final String HEADER = "user_id:token\titem_id_list:token_seq\titem_id:token\n";

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void recBoleFoldersUseTheirOwnSplitAndTheLongestTrainRowPerUser() throws IOException {
        write("Toy.item2index", "A\t0\nB\t1\nC\t2\nD\t3\nE\t4\n");
        write("Toy.text", "item_id:token\ttext:token_seq\nA\tApple\nC\tCherry\n");
        write("Toy.train.inter", HEADER + "0\t0\t1\n0\t0 1\t2\n");
        write("Toy.valid.inter", HEADER + "0\t0 1 2\t3\n");
        write("Toy.test.inter", HEADER + "0\t0 1 2 3\t4\n");
        SplitData d = SplitLoader.recBole(dir);
        assertEquals(5, d.itemCount());
        assertEquals("D", d.itemIds().get(3));
        assertArrayEquals(new int[] {0, 1, 2}, d.train().get(0));
        assertEquals(3, d.valid().getFirst().target());
        assertArrayEquals(new int[] {0, 1, 2, 3}, d.test().getFirst().history());
        assertEquals("Cherry", d.itemTexts().get(2));
        assertNull(d.itemTexts().get(1));
    }

    @Test
    void aRecBoleRowNamingAnItemOutsideTheIndexIsRefusedWithFileAndRow() throws IOException {
        write("Toy.item2index", "A\t0\nB\t1\n");
        write("Toy.train.inter", HEADER + "0\t0\t1\n");
        write("Toy.valid.inter", HEADER + "0\t0 1\t7\n");
        write("Toy.test.inter", HEADER + "0\t0 1\t1\n");
        AiException.BadData e = assertThrows(AiException.BadData.class, () -> SplitLoader.recBole(dir));
        assertEquals(dir.resolve("Toy.valid.inter"), e.file());
        assertEquals(2, e.row());
        assertTrue(e.getMessage().contains("'7'"), e.getMessage());
    }

    @Test
    void aRecBoleRowWithTheWrongNumberOfFieldsIsRefused() throws IOException {
        write("Toy.train.inter", HEADER + "0\t0\t1\n0\t0 1\n");
        write("Toy.valid.inter", HEADER + "0\t0 1\t2\n");
        write("Toy.test.inter", HEADER + "0\t0 1 2\t1\n");
        AiException.BadData e = assertThrows(AiException.BadData.class, () -> SplitLoader.recBole(dir));
        assertEquals(3, e.row());
    }

    @Test
    void aMissingSplitFileIsNamed() throws IOException {
        write("Toy.train.inter", HEADER + "0\t0\t1\n");
        write("Toy.valid.inter", HEADER + "0\t0 1\t2\n");
        AiException.BadData e = assertThrows(AiException.BadData.class, () -> SplitLoader.recBole(dir));
        assertEquals(dir.resolve("Toy.test.inter"), e.file());
    }

    @Test
    void sequenceFilesAreSplitLeaveOneOut() throws IOException {
        write("seq.txt", "u1 a b c d\nu2 b c\n\nu3\ta\tc\td\n");
        SplitData d = SplitLoader.sequenceFile(dir.resolve("seq.txt"));
        assertEquals(4, d.itemCount());
        assertEquals(2, d.test().size());
        assertArrayEquals(new int[] {0, 1}, d.train().get(0));
        assertEquals(2, d.valid().getFirst().target());
        assertArrayEquals(new int[] {0, 1, 2}, d.test().getFirst().history());
        assertEquals(3, d.test().getFirst().target());
        assertArrayEquals(new int[] {1, 2}, d.train().get(1), "a short sequence only trains");
    }

    @Test
    void aSequenceLineWithoutItemsOrARepeatedUserIsRefusedWithItsRow() throws IOException {
        write("seq.txt", "u1 a b c\nu2\n");
        assertEquals(2, assertThrows(AiException.BadData.class,
                () -> SplitLoader.sequenceFile(dir.resolve("seq.txt"))).row());
        write("seq2.txt", "u1 a b c\nu2 a b\nu1 c d e\n");
        AiException.BadData e = assertThrows(AiException.BadData.class,
                () -> SplitLoader.sequenceFile(dir.resolve("seq2.txt")));
        assertEquals(3, e.row());
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
