package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {
    /**
     * The planted data, except that every test target is the most popular noise item the user has not met: the
     * history predicts validation, popularity predicts test. Selection must follow validation.
     */
    static SplitData validationAndTestDisagree() {
        SplitData planted = PlantedData.split(300, 21);
        int[] count = new int[planted.itemCount()];
        for (int[] s : planted.train()) {
            for (int i : s) {
                count[i]++;
            }
        }
        List<SplitData.Case> test = new ArrayList<>();
        for (SplitData.Case c : planted.test()) {
            int target = -1;
            for (int i = PlantedData.NOISE_FROM; i < PlantedData.ITEMS; i++) {
                int item = i;
                boolean seen = java.util.Arrays.stream(c.history()).anyMatch(h -> h == item);
                if (!seen && (target < 0 || count[i] > count[target])) {
                    target = i;
                }
            }
            test.add(new SplitData.Case(c.user(), c.history(), target));
        }
        return new SplitData(planted.itemCount(), planted.itemIds(), null, planted.train(), planted.valid(), test);
    }

    @Test
    void theSelectedFamilyAndEachFamilysCandidateAreChosenOnValidationNotTest() {
        SplitData data = validationAndTestDisagree();
        ModelSelection.Outcome o = ModelSelection.run(data, List.of("pop", "markov", "itemknn", "mf"), 1,
                ModelSelection.Listener.NONE);
        ModelSelection.Family pop = o.families().getFirst();
        ModelSelection.Family selected = o.selectedFamily();
        assertNotEquals("pop", o.selected());
        assertTrue(pop.test().ndcg10() > selected.test().ndcg10(), "popularity wins on test here: " + o);
        for (ModelSelection.Family f : o.families()) {
            assertTrue(f.valid().ndcg10() <= selected.valid().ndcg10(), f.name() + " beats the selected one");
            for (ModelSelection.Tried t : f.tried()) {
                assertTrue(t.valid().ndcg10() <= f.valid().ndcg10(), t.candidate().label() + " beats the chosen");
            }
            assertEquals(Catalogue.candidates(f.name()).size(), f.tried().size());
            assertEquals(f.chosen().parameters(), f.model().parameters());
        }
    }

    @Test
    void theSameSeedGivesTheSameFiguresAndChoices() {
        SplitData data = PlantedData.split(200, 5);
        ModelSelection.Outcome a = ModelSelection.run(data, List.of("itemknn", "mf"), 3, ModelSelection.Listener.NONE);
        ModelSelection.Outcome b = ModelSelection.run(data, List.of("itemknn", "mf"), 3, ModelSelection.Listener.NONE);
        assertEquals(a.selected(), b.selected());
        for (int i = 0; i < a.families().size(); i++) {
            assertEquals(a.families().get(i).chosen().candidate().label(),
                    b.families().get(i).chosen().candidate().label());
            assertEquals(a.families().get(i).valid(), b.families().get(i).valid());
            assertEquals(a.families().get(i).test(), b.families().get(i).test());
        }
    }

    @Test
    void listenersHearEveryCandidateInOrder() {
        List<String> heard = new ArrayList<>();
        ModelSelection.run(PlantedData.split(50, 5), List.of("pop", "itemknn"), 3, new ModelSelection.Listener() {
            @Override
            public void planned(int candidates) {
                heard.add("planned " + candidates);
            }

            @Override
            public void validated(int index, ModelSelection.Tried tried) {
                heard.add(index + " " + tried.candidate().family() + "/" + tried.candidate().label());
            }
        });
        List<String> expected = new ArrayList<>();
        expected.add("planned " + (1 + Catalogue.candidates("itemknn").size()));
        expected.add("0 pop/pop");
        for (int i = 0; i < Catalogue.candidates("itemknn").size(); i++) {
            expected.add((i + 1) + " itemknn/" + Catalogue.candidates("itemknn").get(i).label());
        }
        assertEquals(expected, heard);
    }

    @Test
    void anUnknownRepeatedOrInapplicableFamilyIsRefusedBeforeAnyTraining() {
        SplitData data = PlantedData.split(50, 5);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ModelSelection.run(data, List.of("pop", "nosuch"), 1, ModelSelection.Listener.NONE));
        assertTrue(unknown.getMessage().contains("unknown model family 'nosuch'"), unknown::getMessage);
        assertThrows(IllegalArgumentException.class,
                () -> ModelSelection.run(data, List.of("pop", "pop"), 1, ModelSelection.Listener.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> ModelSelection.run(data, List.of(), 1, ModelSelection.Listener.NONE));
        assertTrue(ModelSelection.applicable(data).containsAll(List.of("pop", "markov", "itemknn", "mf")));
    }
}
