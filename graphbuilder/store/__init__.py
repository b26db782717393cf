"""Graph stores: the embedded LadybugDB database (default) and Neo4j, behind one interface."""
