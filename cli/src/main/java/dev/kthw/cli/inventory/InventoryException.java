package dev.kthw.cli.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** The inventory could not be used; carries every problem found (errors and warnings). */
public class InventoryException extends RuntimeException {
    private final List<Problem> problems;

    public InventoryException(List<Problem> problems) {
        super(problems.stream().filter(Problem::isError).map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
