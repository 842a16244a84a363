import os
import sys

TRAINING = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "training")
if TRAINING not in sys.path:
    sys.path.insert(0, TRAINING)
